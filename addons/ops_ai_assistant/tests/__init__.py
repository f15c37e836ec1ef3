from . import test_customer
from . import test_loop
from . import test_access
from . import test_replay
from . import test_staff
from . import test_rpc
