from . import test_deliveries
