from . import test_assignment, test_driver_group
