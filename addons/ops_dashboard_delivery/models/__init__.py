from . import ops_dashboard
from . import stock_picking
