from . import test_board_save, test_capacity, test_plan, test_access
