"""Over real HTTP: a webhook rule is audited; portal users and employees without the
Settings group cannot reach the automation models' methods or rows."""

import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import AutomationMixin


@tagged("post_install", "-at_install")
class TestRpcAndWebhook(AutomationMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="auto_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="auto_employee", groups="base.group_user")
        cls.rule = cls.make_rule("Hook", "on_webhook", actions=[cls.write_action("color", "7")])
        cls.lead = cls.env["crm.lead"].create({"name": "Hooked"})

    def test_webhook_run_is_audited(self):
        response = self.url_open(
            f"/web/hook/{self.rule.webhook_uuid}",
            data=json.dumps({"_model": "crm.lead", "_id": self.lead.id}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(self.lead.color, 7)
        row = self.executions(self.rule)
        self.assertEqual(
            (row.res_id, row.result, row.triggered_by, row.trigger), (self.lead.id, "done", "webhook", "on_webhook")
        )

    def call(self, model, method, args, kwargs=None):
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                )
        except JsonRpcException as exc:
            return exc.args[0]
        return None

    def test_denied_to_portal_and_employee(self):
        self.make_rule("Create", "on_create", actions=[self.write_action("color", "1")])
        self.env["crm.lead"].create({"name": "x"})
        self.env.cr.flush()
        calls = [
            ("base.automation", "action_ops_test", [[self.rule.id]]),
            ("base.automation", "action_ops_view_executions", [[self.rule.id]]),
            ("base.automation", "write", [[self.rule.id], {"ops_audit": "off"}]),
            ("base.automation.execution", "search_read", [[]]),
            ("base.automation.execution", "unlink", [self.env["base.automation.execution"].search([]).ids]),
            ("ops.automation.send", "search_read", [[]]),
            ("base.automation.test", "create", [{"automation_id": self.rule.id}]),
        ]
        for user in (self.portal, self.employee):
            self.authenticate(user.login, user.login)
            for model, method, args in calls:
                with self.subTest(user=user.login, method=f"{model}.{method}"):
                    self.assertEqual(self.call(model, method, args), "odoo.exceptions.AccessError")
        self.assertEqual(self.rule.ops_audit, "all")
        self.assertTrue(self.env["base.automation.execution"].search([]))
