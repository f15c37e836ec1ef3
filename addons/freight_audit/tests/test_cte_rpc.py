from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .cte_fixtures import make_cte


@tagged("post_install", "-at_install")
class TestCteRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="fa_rpc_portal", password="fa_rpc_portal_pw1", groups="base.group_portal")
        new_test_user(cls.env, login="fa_rpc_employee", password="fa_rpc_employee_pw1", groups="base.group_user")
        new_test_user(cls.env, login="fa_rpc_auditor", password="fa_rpc_auditor_pw1",
                      groups="freight_audit.group_freight_user")
        cls.cte = cls.env["freight.cte"]._import_xml("x.xml", make_cte(4242, [])[1])[0]

    def call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def assert_denied(self, model, method, args, error="AccessError"):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(model, method, args)
        self.assertIn(error, str(caught.exception))

    def test_outsiders_are_denied(self):
        for login in ("fa_rpc_portal", "fa_rpc_employee"):
            with self.subTest(login=login):
                self.authenticate(login, f"{login}_pw1")
                for method in ("action_approve", "action_dispute", "action_resolve", "action_reset",
                               "action_recompute"):
                    self.assert_denied("freight.cte", method, [self.cte.ids])
                self.assert_denied("freight.cte.import", "create", [[{"filename": "a.xml", "file": "PGEvPg=="}]])

    def test_auditor_cannot_forge(self):
        self.authenticate("fa_rpc_auditor", "fa_rpc_auditor_pw1")
        self.assert_denied("freight.cte", "create", [[{"name": "x", "key": "1" * 44}]])
        self.assert_denied("freight.cte", "write", [self.cte.ids, {"state": "resolved"}], error="UserError")
        self.assert_denied("freight.cte", "write", [self.cte.ids, {"amount": 1}], error="UserError")
        self.assert_denied("freight.cte", "_import_xml", [["a.xml", "x"]], error="AccessError")
        self.cte.invalidate_recordset()
        self.assertEqual(self.cte.state, "to_check")
