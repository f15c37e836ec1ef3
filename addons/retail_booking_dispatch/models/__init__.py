from . import dispatch_board, dispatch_plan_unfit, retail_booking, stock_picking
