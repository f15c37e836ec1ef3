from . import ops_dashboard
