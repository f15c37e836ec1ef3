from . import (
    res_config_settings,
    res_partner,
    rpa_client_account,
    rpa_execution,
    rpa_invoice_storage,
    rpa_operator,
    rpa_process,
    rpa_robot_step,
    rpa_schedule,
    rpa_settings_secret,
)
