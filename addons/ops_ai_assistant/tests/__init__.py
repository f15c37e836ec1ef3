from . import test_customer
from . import test_loop
from . import test_access
