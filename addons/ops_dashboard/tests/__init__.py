from . import test_access, test_notify, test_weather
