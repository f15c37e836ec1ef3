from . import ops_dashboard, rpa_execution, rpa_process
