from . import test_browser_robot, test_fake_http, test_http_framing, test_operations_menu, test_rpc_surface
