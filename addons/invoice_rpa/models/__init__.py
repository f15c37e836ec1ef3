from . import res_partner, rpa_client_account, rpa_execution, rpa_operator, rpa_process, rpa_schedule
