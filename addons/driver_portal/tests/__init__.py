from . import test_driver_group
