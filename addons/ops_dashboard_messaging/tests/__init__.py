from . import test_messaging
