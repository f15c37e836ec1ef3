"""``GET /messaging/health`` over real HTTP: authentication and figures."""

import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import MessagingKeyMixin, quo_event

TOKEN = "health-token-for-the-tests-0123456789"


@tagged("post_install", "-at_install")
class TestHealth(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quo = cls.make_channel("quo")
        cls.uazapi = cls.make_channel("uazapi")

    def get(self, token=None, scheme="Bearer"):
        headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
        return self.url_open("/messaging/health", headers=headers)

    def add_rows(self, channel, count, state):
        inbox = self.env["messaging.inbox"]
        for index in range(count):
            payload = quo_event(event_id=f"EV{state}{channel.id}x{index}")
            inbox.create(
                {
                    "channel_id": channel.id,
                    "company_id": channel.company_id.id,
                    "provider_event_id": payload["id"],
                    "event_type": payload["type"],
                    "payload": json.dumps(payload),
                    "state": state,
                }
            )

    def assertUnauthorized(self, response):
        self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(response.json(), {"error": "unauthorized"})

    def test_denied_without_the_right_token(self):
        self.assertUnauthorized(self.get(TOKEN))  # no token configured: the endpoint is closed
        self.env["ir.config_parameter"].sudo().set_param("crm_messaging.health_token", TOKEN)
        self.assertUnauthorized(self.get())
        self.assertUnauthorized(self.get("wrong-token"))
        self.assertUnauthorized(self.get(TOKEN[:-1]))
        self.assertUnauthorized(self.get(TOKEN, scheme="Basic"))
        # A logged-in user is not a monitoring token.
        new_test_user(self.env, login="health_admin", groups="base.group_system")
        self.authenticate("health_admin", "health_admin")
        self.assertUnauthorized(self.get())

    def test_report_counts_backlog_and_failures_per_channel(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_messaging.health_token", TOKEN)
        response = self.get(TOKEN)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "ok")
        self.add_rows(self.quo, 3, "pending")
        self.add_rows(self.quo, 2, "failed")
        self.add_rows(self.uazapi, 1, "done")
        self.uazapi.write({"state": "error", "last_error": "401 from provider"})
        report = self.get(TOKEN).json()
        self.assertEqual(report["status"], "degraded")
        by_id = {row["id"]: row for row in report["channels"]}
        quo, uazapi = by_id[self.quo.id], by_id[self.uazapi.id]
        self.assertEqual((quo["backlog"], quo["failures_last_hour"], quo["received_last_hour"]), (3, 2, 5))
        self.assertIsInstance(quo["oldest_pending_seconds"], int)
        self.assertEqual((uazapi["backlog"], uazapi["failures_last_hour"], uazapi["state"]), (0, 0, "error"))
        self.assertIsNone(uazapi["oldest_pending_seconds"])
        self.assertGreaterEqual(report["totals"]["backlog"], 3)
        self.assertTrue(report["checked_at"].endswith("Z"))
        self.assertNotIn("api_key", response.text)
