from . import test_access, test_board_save, test_capacity, test_ical, test_plan, test_tour
