from . import test_rpa_operator
