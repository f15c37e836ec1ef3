from . import test_cte_audit, test_cte_email, test_cte_import, test_cte_rpc
