"""Inbound webhooks over real HTTP: signature matrix, bad inputs, idempotency."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from odoo.tests import HttpCase, tagged

from ..tools.chatwoot import sign_chatwoot
from ..tools.quo import sign_quo, sign_standard_webhook
from .common import (
    CHATWOOT_SECRET,
    QUO_SECRET,
    UAZAPI_TOKEN,
    MessagingKeyMixin,
    chatwoot_event,
    dumps,
    quo_event,
    uazapi_event,
)

JSON = {"Content-Type": "application/json"}


@tagged("post_install", "-at_install")
class TestWebhook(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quo = cls.make_channel("quo")
        cls.chatwoot = cls.make_channel("chatwoot", account_ref="1")
        cls.uazapi = cls.make_channel("uazapi")

    # helpers ---------------------------------------------------------------------------
    def url(self, channel):
        return f"/webhook/{channel.channel_type}/{channel.id}"

    def post(self, url, body, headers=None):
        return self.url_open(url, data=body, headers={**JSON, **(headers or {})})

    def post_quo(self, payload=None, body=None, secret=QUO_SECRET, stamp_ms=None, headers=None):
        body = dumps(payload or quo_event()) if body is None else body
        stamp_ms = int(time.time() * 1000) if stamp_ms is None else stamp_ms
        signed = {"openphone-signature": sign_quo(body, secret, stamp_ms)}
        return self.post(self.url(self.quo), body, {**signed, **(headers or {})})

    def inbox(self, channel):
        return self.env["messaging.inbox"].search([("channel_id", "=", channel.id)])

    def assertRejected(self, response, status, error, channel=None):
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.json()["error"], error)
        self.assertFalse(self.inbox(channel or self.quo), "a rejected request must store nothing")

    # Quo -------------------------------------------------------------------------------
    def test_quo_legacy_signature_accepted_and_stored(self):
        response = self.post_quo()
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"status": "accepted"})
        row = self.inbox(self.quo)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.provider_event_id, "EVc86a5f1a1e2f4bbd9b4c0a7c3f2b1e10")
        self.assertEqual(row.event_type, "message.received")
        self.assertEqual(row.state, "pending")
        self.assertEqual(row.company_id, self.quo.company_id)
        self.assertEqual(row._payload_data()["data"]["object"]["body"], "Olá, tudo bem?")

    def test_quo_standard_webhooks_accepted(self):
        body = dumps(quo_event(event_id="EVstandard01"))
        headers = sign_standard_webhook(body, QUO_SECRET, "msg_2x1", int(time.time()))
        response = self.post(self.url(self.quo), body, headers)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.inbox(self.quo).provider_event_id, "EVstandard01")

    def test_quo_signature_matrix_rejects_and_stores_nothing(self):
        other = "b3RoZXIgc2VjcmV0IG9mIHRoaXJ0eS10d28gYnl0ZXMh"
        self.assertRejected(self.post_quo(secret=other), 401, "bad_signature")
        body = dumps(quo_event())
        self.assertRejected(self.post(self.url(self.quo), body), 401, "missing_signature")
        stale = int((time.time() - 600) * 1000)
        self.assertRejected(self.post_quo(stamp_ms=stale), 401, "stale_timestamp")
        stamp = int(time.time() * 1000)
        signature = sign_quo(body, QUO_SECRET, stamp)
        tampered = body.replace("Olá".encode(), b"Ola")
        response = self.post(self.url(self.quo), tampered, {"openphone-signature": signature})
        self.assertRejected(response, 401, "bad_signature")
        response = self.post(self.url(self.quo), body, {"openphone-signature": "hmac;1;garbage"})
        self.assertRejected(response, 401, "malformed_signature")

    def test_bad_inputs_answer_4xx_never_500(self):
        self.assertRejected(self.post_quo(body=b"{not json"), 400, "malformed_json")
        self.assertRejected(self.post_quo(body=b"[1, 2]"), 400, "malformed_json")
        self.assertRejected(self.post_quo(body=b"\xff\xfe{}"), 400, "malformed_json")
        response = self.post_quo(headers={"Content-Type": "text/plain"})
        self.assertRejected(response, 415, "unsupported_media_type")
        response = self.post_quo(payload={"object": "event", "data": {}})
        self.assertRejected(response, 400, "missing_field")
        self.assertEqual(response.json()["field"], "type")
        huge = b'{"pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
        self.assertRejected(self.post_quo(body=huge), 413, "payload_too_large")

    def test_unknown_channel_and_wrong_type(self):
        body = dumps(quo_event())
        headers = {"openphone-signature": sign_quo(body, QUO_SECRET, int(time.time() * 1000))}
        self.assertRejected(self.post(f"/webhook/quo/{self.quo.id + 10000}", body, headers), 404, "unknown_channel")
        self.assertRejected(self.post(f"/webhook/chatwoot/{self.quo.id}", body, headers), 404, "unknown_channel")
        self.quo.action_archive()
        self.assertRejected(self.post(self.url(self.quo), body, headers), 404, "unknown_channel")

    def test_channel_type_without_verify_refuses(self):
        sendgrid = self.make_channel("sendgrid", secret="irrelevant")
        response = self.post(self.url(sendgrid), dumps({"event": "delivered", "sg_event_id": "x"}))
        self.assertRejected(response, 401, "unsupported_channel", sendgrid)

    def test_same_event_three_times_is_stored_once(self):
        answers = [self.post_quo().json()["status"] for _attempt in range(3)]
        self.assertEqual(answers, ["accepted", "duplicate", "duplicate"])
        self.assertEqual(len(self.inbox(self.quo)), 1)

    def test_parallel_deliveries_lose_nothing_and_store_once(self):
        bodies = [dumps(quo_event(event_id=f"EVpar{index:03d}", message_id=f"AC{index}")) for index in range(25)]
        url = self.base_url() + self.url(self.quo)

        def deliver(body):
            stamp = int(time.time() * 1000)
            headers = {**JSON, "openphone-signature": sign_quo(body, QUO_SECRET, stamp)}
            # The test_cursor cookie of the test's session routes requests to the test cursor.
            response = requests.post(url, data=body, headers=headers, cookies=cookies, timeout=30)
            return response.status_code, response.json().get("status")

        with self.allow_requests(), ThreadPoolExecutor(max_workers=8) as pool:
            cookies = self.opener.cookies.copy()
            answers = list(pool.map(deliver, bodies + bodies))
        self.assertTrue(all(status == 200 for status, _answer in answers), answers)
        statuses = [answer for _status, answer in answers]
        self.assertEqual(statuses.count("accepted"), 25)
        self.assertEqual(statuses.count("duplicate"), 25)
        self.assertEqual(len(self.inbox(self.quo)), 25)

    def test_same_event_id_on_two_channels_is_two_events(self):
        other = self.make_channel("quo", name="Second Quo")
        body = dumps(quo_event())
        headers = {"openphone-signature": sign_quo(body, QUO_SECRET, int(time.time() * 1000))}
        self.assertEqual(self.post(self.url(other), body, headers).json(), {"status": "accepted"})
        self.assertEqual(self.post_quo().json(), {"status": "accepted"})

    def test_unknown_event_type_is_kept_as_ignored(self):
        payload = {**quo_event(event_id="EVfuture"), "type": "message.reaction.added"}
        self.assertEqual(self.post_quo(payload=payload).json(), {"status": "ignored"})
        self.assertEqual(self.inbox(self.quo).state, "ignored")

    # Chatwoot --------------------------------------------------------------------------
    def test_chatwoot_valid_and_invalid(self):
        body = dumps(chatwoot_event())
        stamp = int(time.time())
        response = self.post(self.url(self.chatwoot), body, sign_chatwoot(body, "wrong secret", stamp))
        self.assertRejected(response, 401, "bad_signature", self.chatwoot)
        response = self.post(self.url(self.chatwoot), body, sign_chatwoot(body, CHATWOOT_SECRET, stamp - 3600))
        self.assertRejected(response, 401, "stale_timestamp", self.chatwoot)
        self.assertRejected(self.post(self.url(self.chatwoot), body), 401, "missing_signature", self.chatwoot)
        response = self.post(self.url(self.chatwoot), body, sign_chatwoot(body, CHATWOOT_SECRET, stamp))
        self.assertEqual(response.json(), {"status": "accepted"})
        self.assertEqual(self.inbox(self.chatwoot).provider_event_id, "message_created:4242")

    # Uazapi ----------------------------------------------------------------------------
    def test_uazapi_token(self):
        body = dumps(uazapi_event())
        url = self.url(self.uazapi)
        self.assertRejected(self.post(f"{url}?token=wrong", body), 401, "bad_signature", self.uazapi)
        self.assertRejected(self.post(url, body), 401, "missing_signature", self.uazapi)
        response = self.post(f"{url}?token={UAZAPI_TOKEN}", body)
        self.assertEqual(response.json(), {"status": "accepted"})
        self.assertEqual(self.inbox(self.uazapi).provider_event_id, "3EB0C767D26A1D8E5A41")
        response = self.post(f"{url}?token={UAZAPI_TOKEN}", dumps({"EventType": "messages", "message": {}}))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"error": "missing_field", "field": "message.messageid"})
