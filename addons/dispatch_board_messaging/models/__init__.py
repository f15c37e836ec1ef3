from . import dispatch_board, res_company, res_config_settings, stock_picking
