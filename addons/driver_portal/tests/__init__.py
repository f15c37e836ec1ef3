from . import test_assignment, test_driver_group, test_portal_access, test_delivery, test_payment, test_position_scan
