from . import (
    test_rpa_approval,
    test_rpa_client,
    test_rpa_demo,
    test_rpa_monthly,
    test_rpa_operator,
    test_rpa_process,
    test_rpa_sat,
    test_rpa_schedule,
    test_rpa_settings,
    test_rpa_storage,
    test_rpa_tours,
    test_rpa_upload,
)
