"""JSON bodies that json.loads accepts but the database or Python cannot take (found by
make fuzz): a clear 400, or the event received with the characters replaced."""

import json
import time

from odoo.tests import HttpCase, tagged

from ..tools.quo import sign_quo
from .common import QUO_SECRET, MessagingKeyMixin, quo_event


@tagged("post_install", "-at_install")
class TestWebhookHostileJson(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quo = cls.make_channel("quo")

    def post_quo(self, body):
        headers = {"Content-Type": "application/json",
                   "openphone-signature": sign_quo(body, QUO_SECRET, int(time.time() * 1000))}
        return self.url_open(f"/webhook/quo/{self.quo.id}", data=body, headers=headers)

    def inbox(self):
        return self.env["messaging.inbox"].search([("channel_id", "=", self.quo.id)])

    def test_nested_too_deep_is_malformed(self):
        for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5_000 + b"1" + b"}" * 5_000):
            with self.subTest(size=len(body)):
                response = self.post_quo(body)
                self.assertEqual(response.status_code, 400, response.text[:200])
                self.assertEqual(response.json()["error"], "malformed_json")
        self.assertFalse(self.inbox())

    def test_nul_and_lone_surrogate_are_replaced(self):
        # ensure_ascii: the body carries the escapes \u0000 and \ud800, as a provider would
        body = json.dumps(quo_event(event_id="EV\u0000nul", body="a\ud800b")).encode()
        response = self.post_quo(body)
        self.assertEqual(response.status_code, 200, response.text[:200])
        self.assertEqual(response.json()["status"], "accepted")
        row = self.inbox()
        self.assertEqual(row.provider_event_id, "EV\ufffdnul")
        self.assertEqual(row.payload, body.decode(), "the raw body is kept as it came")
        self.assertEqual(row._payload_data()["data"]["object"]["body"], "a\ufffdb")
