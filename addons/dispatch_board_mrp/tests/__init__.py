from . import test_mrp_board
