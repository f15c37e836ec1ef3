"""Over real HTTP (call_kw) as low-privilege users: the key, the rules, the usage log and
the conversations stay out of reach; the public methods refuse them."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..models.ir_rule import CONTEXT_KEY
from .common import ANTHROPIC_KEY, AiCase

ACCESS = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestRpcDenial(AiCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="ai_portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.alice
        cls.employee = new_test_user(cls.env, login="ai_employee", groups="base.group_user")
        cls.ai_user = new_test_user(cls.env, login="ai_member", groups="base.group_user,ops_ai_assistant.group_ai_user")
        cls.manager = new_test_user(cls.env, login="ai_manager",
                                    groups="base.group_user,ops_ai_assistant.group_ai_manager")
        cls.conversation = cls.env["ai.conversation"].create({"company_id": cls.company.id,
                                                              "partner_id": cls.bob.id, "state": "handoff"})
        cls.env["ai.usage"].create({"company_id": cls.company.id, "audience": "customer", "partner_id": cls.bob.id})

    def call(self, model, method, *args, **kwargs):
        """call_kw as the authenticated user: the result, or the JSON-RPC error name."""
        try:
            with mute_logger("odoo.http"):
                return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                    "model": model, "method": method, "args": list(args), "kwargs": kwargs})
        except JsonRpcException as exc:
            return exc.args[0]

    def test_portal_and_employee_denied(self):
        for user in (self.portal, self.employee):
            self.authenticate(user.login, user.login)
            for model in ("ai.rule", "ai.rule.version", "ai.usage", "ai.allowed.model", "ai.conversation",
                          "ai.pending.action"):
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(self.call(model, "search_read", [], ["id"]), ACCESS)
            with self.subTest(user=user.login, what="key"):
                self.assertEqual(self.call("res.company", "read", [self.company.id], ["ai_api_key_enc"]), ACCESS)
            with self.subTest(user=user.login, what="release"):
                self.assertEqual(self.call("ai.conversation", "action_release", [self.conversation.id]), ACCESS)
            with self.subTest(user=user.login, what="log"):
                self.assertEqual(self.call("messaging.message", "create", [{}]), ACCESS)
        self.assertEqual(self.conversation.state, "handoff")

    def test_portal_cannot_widen_its_scope_with_the_context_key(self):
        self.authenticate(self.portal.login, self.portal.login)
        answer = self.call("sale.order", "search_read", [], ["partner_id"], context={CONTEXT_KEY: self.bob.id})
        self.assertNotIn(self.bob_order.id, [row["id"] for row in answer] if isinstance(answer, list) else [])

    def test_ai_user(self):
        self.authenticate(self.ai_user.login, self.ai_user.login)
        self.assertEqual(self.call("ai.usage", "search_read", [], ["id"]), ACCESS)
        self.assertEqual(self.call("ai.rule", "create", [{"name": "x", "text": "y"}]), ACCESS)
        self.assertEqual(self.call("ai.allowed.model", "search_read", [], ["id"]), ACCESS)

    def test_manager_cannot_touch_the_key_or_versions(self):
        self.authenticate(self.manager.login, self.manager.login)
        self.assertEqual(self.call("res.company", "read", [self.company.id], ["ai_api_key_enc"]), ACCESS)
        settings = self.call("res.config.settings", "create", [{"ai_api_key": "sk-ant-stolen"}])
        self.assertEqual(settings, ACCESS)
        self.assertEqual(self.company._ai_api_key(), ANTHROPIC_KEY)
        rule_ids = self.call("ai.rule", "create", [{"name": "New", "text": "Be nice."}])
        self.assertIsInstance(rule_ids, list)
        self.assertEqual(self.call("ai.rule", "write", rule_ids, {"version": 99}), "odoo.exceptions.UserError")
        self.assertEqual(self.call("ai.rule.version", "create", [{"rule_id": rule_ids[0], "number": 9,
                                                                  "text": "forged"}]), ACCESS)
        self.assertEqual(self.call("ai.allowed.model", "create", [{"model_id": 1}]), ACCESS)
        self.assertTrue(self.call("ai.conversation", "action_release", [self.conversation.id]))
        self.assertEqual(self.conversation.state, "assistant")

    def test_admin_key_is_write_only(self):
        self.authenticate("admin", "admin")
        settings_ids = self.call("res.config.settings", "create", [{"ai_api_key": "sk-ant-new-key-0000000000abcd"}])
        self.call("res.config.settings", "execute", settings_ids)
        [values] = self.call("res.config.settings", "read", settings_ids, ["ai_api_key", "ai_api_key_state"])
        self.assertFalse(values["ai_api_key"])
        self.assertEqual(values["ai_api_key_state"], "••••abcd")
        self.assertTrue(self.company.sudo().ai_api_key_enc.startswith("v1:"))
        self.assertEqual(self.company._ai_api_key(), "sk-ant-new-key-0000000000abcd")
