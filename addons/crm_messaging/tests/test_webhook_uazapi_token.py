"""The Uazapi webhook token: a header when the sender can set one, the ``?token=`` URL
form (Uazapi's own webhooks cannot send custom headers) masked in the access log, and no
fixed public demo credentials (over real HTTP)."""

import logging

from odoo.tests import HttpCase, tagged

from ..tools.demo_credentials import PUBLISHED_DEMO_SECRETS
from .common import UAZAPI_TOKEN, MessagingKeyMixin, dumps, uazapi_event

JSON = {"Content-Type": "application/json"}


@tagged("post_install", "-at_install")
class TestUazapiToken(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uazapi = cls.make_channel("uazapi")

    def post(self, channel, headers=None, query="", message_id="3EB0TOKEN0001"):
        return self.url_open(
            f"/webhook/uazapi/{channel.id}{query}",
            data=dumps(uazapi_event(message_id)),
            headers={**JSON, **(headers or {})},
        )

    def test_token_in_a_header(self):
        response = self.post(self.uazapi, {"X-Uazapi-Token": UAZAPI_TOKEN})
        self.assertEqual((response.status_code, response.json()), (200, {"status": "accepted"}))
        response = self.post(self.uazapi, {"X-Uazapi-Token": "wrong"}, message_id="3EB0TOKEN0002")
        self.assertEqual((response.status_code, response.json()), (401, {"error": "bad_signature"}))

    def test_token_in_the_url_is_masked_in_the_access_log(self):
        # The server thread logs the request line on the "werkzeug" logger (Odoo's
        # assertLogs only sees the test's own thread: a handler of our own sees all).
        lines = []
        handler = logging.Handler(logging.INFO)
        handler.emit = lambda record: lines.append(record.getMessage())
        werkzeug_logger = logging.getLogger("werkzeug")
        werkzeug_logger.addHandler(handler)
        level = werkzeug_logger.level
        werkzeug_logger.setLevel(logging.INFO)
        try:
            response = self.post(self.uazapi, query=f"?token={UAZAPI_TOKEN}&x=1")
        finally:
            werkzeug_logger.removeHandler(handler)
            werkzeug_logger.setLevel(level)
        self.assertEqual(response.status_code, 200, response.text)
        access = [line for line in lines if f"/webhook/uazapi/{self.uazapi.id}" in line]
        self.assertTrue(access, lines)
        self.assertNotIn(UAZAPI_TOKEN, "\n".join(lines))
        self.assertIn("token=***&x=1", access[0])

    def test_demo_credentials_are_random_per_database(self):
        Channel = self.env["messaging.channel"]
        types = ("quo", "uazapi", "chatwoot", "sendgrid")
        first = Channel.create([{"name": f"Demo {kind}", "channel_type": kind} for kind in types])
        second = Channel.create([{"name": f"Demo {kind} 2", "channel_type": kind} for kind in types])
        Channel._demo_set_credentials(first.ids)
        Channel._demo_set_credentials(second.ids)
        values = []
        for channel in first | second:
            for name in ("api_key", "webhook_secret"):
                secret = channel._get_secret(name)
                if secret:
                    values.append(secret)
        self.assertEqual(len(values), 14)
        self.assertEqual(len(set(values)), 14, "every demo credential is random")
        self.assertFalse(PUBLISHED_DEMO_SECRETS & set(values))
        demo_uazapi = first.filtered(lambda channel: channel.channel_type == "uazapi")
        forged = self.post(demo_uazapi, {"X-Uazapi-Token": "demo-uazapi-webhook-token-0001"})
        self.assertEqual(forged.status_code, 401)
        response = self.post(demo_uazapi, {"X-Uazapi-Token": demo_uazapi._get_secret("webhook_secret")})
        self.assertEqual(response.status_code, 200, response.text)

    def test_published_demo_credentials_are_replaced_on_existing_databases(self):
        Channel = self.env["messaging.channel"]
        stale = self.make_channel(
            "uazapi", secret="demo-uazapi-webhook-token-0001", api_key="demo-uazapi-instance-token"
        )
        self.assertEqual(self.post(stale, {"X-Uazapi-Token": "demo-uazapi-webhook-token-0001"}).status_code, 200)
        changed = Channel._demo_rotate_published_credentials()
        self.assertEqual(changed, stale, "channels with real credentials are left alone")
        self.assertNotIn(stale._get_secret("webhook_secret"), PUBLISHED_DEMO_SECRETS)
        self.assertNotIn(stale._get_secret("api_key"), PUBLISHED_DEMO_SECRETS)
        forged = self.post(stale, {"X-Uazapi-Token": "demo-uazapi-webhook-token-0001"}, message_id="3EB0TOKEN0009")
        self.assertEqual(forged.status_code, 401)
        self.assertEqual(self.uazapi._get_secret("webhook_secret"), UAZAPI_TOKEN)
