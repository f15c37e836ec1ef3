"""The plain-Python provider clients against a local fake provider (real HTTP)."""

import socket

from odoo.tests import BaseCase, tagged

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.ops_base.tools.http import HttpCallError

from ..tools import chatwoot, quo, sendgrid, uazapi
from .common import API_KEY


@tagged("post_install", "-at_install")
class TestSenders(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeHTTPServer().start()
        cls.addClassCleanup(cls.server.stop)

    def setUp(self):
        super().setUp()
        self.server.reset()

    def test_quo_sends_the_documented_request(self):
        self.server.add("POST", "/v1/messages", Reply(status=202, json={"data": {"id": "AC123", "status": "queued"}}))
        message_id = quo.send_quo(API_KEY, "PNabc123", "+5511987654321", "Olá", base_url=self.server.url)
        self.assertEqual(message_id, "AC123")
        (request,) = self.server.received("POST", "/v1/messages")
        self.assertEqual(request.header("Authorization"), API_KEY)
        self.assertEqual(request.json(), {"content": "Olá", "from": "PNabc123", "to": ["+5511987654321"]})

    def test_uazapi_sends_digits_with_the_token_header(self):
        self.server.add("POST", "/send/text", Reply(json={"messageid": "3EB0ABC", "status": "Pending"}))
        message_id = uazapi.send_uazapi(API_KEY, "+55 11 98765-4321", "Oi", base_url=self.server.url + "/")
        self.assertEqual(message_id, "3EB0ABC")
        (request,) = self.server.received("POST", "/send/text")
        self.assertEqual(request.header("token"), API_KEY)
        self.assertEqual(request.json(), {"number": "5511987654321", "text": "Oi"})

    def test_chatwoot_posts_an_outgoing_message(self):
        self.server.add("POST", r"/api/v1/accounts/7/conversations/42/messages", Reply(json={"id": 991}))
        message_id = chatwoot.send_chatwoot(API_KEY, "7", "42", "Resposta", base_url=self.server.url)
        self.assertEqual(message_id, "991")
        (request,) = self.server.received("POST")
        self.assertEqual(request.header("api_access_token"), API_KEY)
        self.assertEqual(request.json(), {"content": "Resposta", "message_type": "outgoing"})

    def test_sendgrid_202_is_accepted_with_the_message_id_header(self):
        self.server.add("POST", "/v3/mail/send", Reply(status=202, headers={"X-Message-Id": "sg-1"}))
        message_id = sendgrid.send_sendgrid(
            API_KEY, "noreply@example.com", "ana@example.com", "Oi", "Texto", base_url=self.server.url
        )
        self.assertEqual(message_id, "sg-1")
        (request,) = self.server.received("POST", "/v3/mail/send")
        self.assertEqual(request.header("Authorization"), f"Bearer {API_KEY}")
        self.assertEqual(request.json()["personalizations"], [{"to": [{"email": "ana@example.com"}]}])
        self.assertEqual(request.json()["from"], {"email": "noreply@example.com"})

    def test_429_and_5xx_are_retryable_other_4xx_are_not(self):
        cases = [
            (429, {"message": "Too many requests"}, True),
            (500, {"message": "Internal error"}, True),
            (503, {"message": "Unavailable"}, True),
            (400, {"message": "Invalid 'to' number"}, False),
            (404, {"message": "Conversation not found"}, False),
        ]
        for status, body, retryable in cases:
            with self.subTest(status=status):
                self.server.add("POST", "/v1/messages", Reply(status=status, json=body))
                with self.assertRaises(HttpCallError) as caught:
                    quo.send_quo(API_KEY, "PN1", "+5511987654321", "x", base_url=self.server.url)
                self.assertEqual(caught.exception.retryable, retryable)
                self.assertEqual(caught.exception.status, status)
                self.assertIn(body["message"], caught.exception.message)

    def test_sendgrid_error_list_is_reported(self):
        body = {"errors": [{"message": "The from address does not match a verified Sender Identity", "field": "from"}]}
        self.server.add("POST", "/v3/mail/send", Reply(status=403, json=body))
        with self.assertRaises(HttpCallError) as caught:
            sendgrid.send_sendgrid(API_KEY, "x@example.com", "y@example.com", "s", "b", base_url=self.server.url)
        self.assertFalse(caught.exception.retryable)
        self.assertIn("verified Sender Identity", caught.exception.message)

    def test_secrets_are_scrubbed_from_provider_messages(self):
        self.server.add("GET", "/v1/phone-numbers", Reply(status=401, json={"message": f"Invalid key {API_KEY}"}))
        with self.assertRaises(HttpCallError) as caught:
            quo.ping_quo(API_KEY, base_url=self.server.url)
        self.assertNotIn(API_KEY, caught.exception.message)
        self.assertIn("Invalid key ***", caught.exception.message)

    def test_connection_refused_is_retryable(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]  # closed again: nobody listens there
        with self.assertRaises(HttpCallError) as caught:
            uazapi.send_uazapi(API_KEY, "5511987654321", "x", base_url=f"http://127.0.0.1:{port}")
        self.assertTrue(caught.exception.retryable)
        self.assertIsNone(caught.exception.status)

    def test_missing_configuration_is_permanent(self):
        with self.assertRaises(HttpCallError) as caught:
            uazapi.send_uazapi(API_KEY, "5511987654321", "x", base_url=None)
        self.assertFalse(caught.exception.retryable)
        with self.assertRaises(HttpCallError):
            chatwoot.send_chatwoot(API_KEY, "", "42", "x", base_url=self.server.url)
        self.assertEqual(self.server.count(), 0)

    def test_chatwoot_ids_that_are_not_digits_never_reach_the_provider(self):
        for account, conversation in (("7", "1/../../accounts/1/agents"), ("7", "12?x="), ("7/..", "42"), ("7", "٤٢")):
            with self.subTest(account=account, conversation=conversation):
                with self.assertRaises(HttpCallError) as caught:
                    chatwoot.send_chatwoot(API_KEY, account, conversation, "x", base_url=self.server.url)
                self.assertFalse(caught.exception.retryable)
        self.assertEqual(self.server.count(), 0)

    def test_pings_hit_the_cheap_endpoints(self):
        for path in ("/v1/phone-numbers", "/instance/status", "/api/v1/profile", "/v3/scopes"):
            self.server.add("GET", path, Reply(json={"ok": True}))
        self.assertGreaterEqual(quo.ping_quo(API_KEY, base_url=self.server.url), 0)
        uazapi.ping_uazapi(API_KEY, base_url=self.server.url)
        chatwoot.ping_chatwoot(API_KEY, base_url=self.server.url)
        sendgrid.ping_sendgrid(API_KEY, base_url=self.server.url)
        self.assertEqual(
            [request.path for request in self.server.received("GET")],
            ["/v1/phone-numbers", "/instance/status", "/api/v1/profile", "/v3/scopes"],
        )
