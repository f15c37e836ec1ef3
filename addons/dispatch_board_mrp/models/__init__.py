from . import dispatch_mrp_board
