from . import ops_dashboard, stock_picking
