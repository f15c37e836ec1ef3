from . import test_sales
