from . import (
    test_assignment,
    test_backend_views,
    test_delivery,
    test_driver_group,
    test_hostile_form,
    test_multi_company,
    test_payment,
    test_photo_limits,
    test_portal_access,
    test_position_scan,
    test_tour,
    test_validation,
)
