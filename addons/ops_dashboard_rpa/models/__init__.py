from . import ops_dashboard
from . import rpa_execution
from . import rpa_process
