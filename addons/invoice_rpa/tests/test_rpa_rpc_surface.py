"""The RPC surface of invoice_rpa: every public method its models define (callable over
/web/dataset/call_kw by anyone with access to the model) is listed here on purpose."""

from odoo.tests import TransactionCase, tagged

# model -> public methods invoice_rpa defines on it (all buttons of its views, each
# checking its own rights; create/write overrides guard their fields)
INTENDED = {
    "res.config.settings": {"action_invoice_rpa_test_s3"},
    "rpa.execution": {"action_run_again"},
    "rpa.operator": {"create", "write"},
    "rpa.process": {
        "create", "write", "action_approve", "action_reject", "action_rerun", "action_upload_invoice",
        "action_download_invoice", "action_send_sat", "action_run_download", "action_view_executions",
    },
    "rpa.process.reject": {"action_confirm"},
    "rpa.process.upload": {"action_confirm"},
    "rpa.schedule": {"create", "write", "action_run_now"},
}


@tagged("post_install", "-at_install")
class TestRpaRpcSurface(TransactionCase):
    def test_public_methods_are_the_intended_ones(self):
        found = {}
        for name in self.env.registry:
            for cls in type(self.env[name]).__mro__:
                if not cls.__module__.startswith("odoo.addons.invoice_rpa."):
                    continue
                for attr, value in vars(cls).items():
                    if (callable(value) and not attr.startswith("_") and not getattr(value, "_api_private", False)
                            and not isinstance(value, type)):
                        found.setdefault(name, set()).add(attr)
        self.assertEqual(found, INTENDED)
