from . import test_notify
