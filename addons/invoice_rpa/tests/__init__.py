from . import (
    test_rpa_callback,
    test_rpa_client,
    test_rpa_live_log,
    test_rpa_monthly,
    test_rpa_operator,
    test_rpa_process,
    test_rpa_robot_api,
    test_rpa_schedule,
    test_rpa_schedule_tasks,
    test_rpa_selenium,
    test_rpa_settings,
    test_rpa_storage,
)
