from . import (
    res_config_settings,
    res_config_settings_robots,
    res_partner,
    rpa_client_account,
    rpa_execution,
    rpa_execution_api,
    rpa_invoice_storage,
    rpa_operator,
    rpa_process,
    rpa_process_file,
    rpa_process_robot,
    rpa_schedule,
)
