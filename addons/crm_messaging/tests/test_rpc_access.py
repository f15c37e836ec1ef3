"""RPC is a public API: what low-privilege users can (not) call over ``call_kw``.

The list of the suite's public methods is pinned once, in ops_base/tests/test_rpc_surface.py."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

HEALTH_PARAM = "crm_messaging.health_token"


@tagged("post_install", "-at_install")
class TestRpcAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="msg_rpc_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="msg_rpc_employee", groups="base.group_user")
        cls.admin = new_test_user(cls.env, login="msg_rpc_admin", groups="base.group_system")

    def call_kw(self, login, model, method, args=None, kwargs=None):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args or [[]], "kwargs": kwargs or {}},
        )

    def test_only_admins_rotate_the_health_token(self):
        get_param = self.env["ir.config_parameter"].sudo().get_param
        self.env["ir.config_parameter"].sudo().set_param(HEALTH_PARAM, "the-monitoring-token")
        for login in (self.portal.login, self.employee.login):
            with self.subTest(login=login), self.assertRaises(JsonRpcException) as error:
                self.call_kw(login, "res.config.settings", "action_messaging_generate_health_token")
            self.assertIn("AccessError", str(error.exception))
            self.assertEqual(get_param(HEALTH_PARAM), "the-monitoring-token")
        self.call_kw(self.admin.login, "res.config.settings", "action_messaging_generate_health_token")
        self.assertNotEqual(get_param(HEALTH_PARAM), "the-monitoring-token")
        self.assertGreaterEqual(len(get_param(HEALTH_PARAM)), 32)

    def test_buttons_are_refused_to_users_without_messaging_rights(self):
        channel = self.env["messaging.channel"].create({"name": "RPC", "channel_type": "quo"})
        row = self.env["messaging.inbox"].create(
            {
                "channel_id": channel.id,
                "company_id": channel.company_id.id,
                "provider_event_id": "EVrpc1",
                "payload": "{}",
            }
        )
        row.sudo().write({"state": "failed", "error": "x"})
        calls = [
            ("messaging.channel", "action_test_connection", [channel.id]),
            ("messaging.channel", "action_reset_circuit", [channel.id]),
            ("messaging.channel", "action_reset_circuit", []),
            ("messaging.inbox", "action_retry", [row.id]),
            ("messaging.inbox", "action_retry", []),
            ("messaging.outbound", "action_retry", []),
        ]
        for login in (self.portal.login, self.employee.login):
            for model, method, ids in calls:
                with self.subTest(login=login, method=f"{model}.{method}", ids=ids):
                    with self.assertRaises(JsonRpcException) as error:
                        self.call_kw(login, model, method, [ids])
                    self.assertIn("AccessError", str(error.exception))
        self.assertEqual(row.state, "failed")
