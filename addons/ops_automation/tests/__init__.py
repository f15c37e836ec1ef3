from . import test_audit, test_dry_run, test_rpc, test_safety, test_send_message, test_tour
