from . import base_automation_test
