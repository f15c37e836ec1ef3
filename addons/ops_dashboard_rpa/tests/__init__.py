from . import test_rpa
