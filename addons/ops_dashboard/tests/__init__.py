from . import test_access
from . import test_notify
from . import test_weather
