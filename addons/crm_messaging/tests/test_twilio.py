"""The Twilio plug-in, over real HTTP: its signed form webhooks through the webhook
controller (signature matrix, inbound SMS → log row + customer comment + consent, status
callbacks → the outbound's log row) and its sends against a local fake Twilio."""

import base64
from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools.twilio import sign_twilio
from .common import API_KEY
from .common_outbound import CUSTOMER_PHONE, OutboundMixin

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
SENDER = "+15005550006"
UNKNOWN = "+5511934567890"


def inbound_sms(sid="SM1", body="Olá, vocês entregam amanhã?", sender=UNKNOWN, **extra):
    return {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": SENDER,
        "Body": body,
        "NumMedia": "0",
        "SmsStatus": "received",
        **extra,
    }


@tagged("post_install", "-at_install")
class TestTwilio(OutboundMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.twilio = cls.make_channel(
            "twilio", base_url=cls.server.url, account_ref=ACCOUNT_SID, sender_ref=SENDER, rate_limit_per_minute=0
        )
        cls.path = f"/webhook/twilio/{cls.twilio.id}"

    def post_form(self, params, signature=None, url=None, token=API_KEY, run=True):
        """POST ``params`` form-encoded to the Twilio webhook, signed for ``url`` (the
        channel's own by default) with ``token`` unless ``signature`` is given ("" = none)."""
        url = url or self.twilio.get_base_url() + self.path
        pairs = list(params.items())
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature is None:
            signature = sign_twilio(url, pairs, token)
        if signature:
            headers["X-Twilio-Signature"] = signature
        with trap_jobs() as trap:
            response = self.url_open(self.path, data=urlencode(pairs).encode(), headers=headers)
            if run:
                for job in trap.enqueued_jobs:  # run on the test cursor, as the request's user
                    request_env = job.recordset.env
                    job.recordset = job.recordset.with_env(self.env(user=request_env.uid, su=request_env.su))
                trap.perform_enqueued_jobs()
        return response

    def log(self, **domain):
        return self.env["messaging.message"].search([(key, "=", value) for key, value in domain.items()])

    # Webhook signature matrix ----------------------------------------------------------------
    def test_signature_matrix(self):
        params = inbound_sms(sid="SMsig")
        cases = {
            "missing": (dict(signature=""), "missing_signature"),
            "wrong token": (dict(token="another-auth-token"), "bad_signature"),
            "wrong url": (dict(url="https://evil.example.com" + self.path), "bad_signature"),
            "garbage": (dict(signature=base64.b64encode(b"x" * 20).decode()), "bad_signature"),
        }
        for name, (kwargs, code) in cases.items():
            with self.subTest(name):
                response = self.post_form(params, run=False, **kwargs)
                self.assertEqual((response.status_code, response.json()), (401, {"error": code}))
        # Tampered parameter: signed for one body, another one sent.
        signature = sign_twilio(self.twilio.get_base_url() + self.path, list(params.items()), API_KEY)
        tampered = {**params, "Body": "STOP"}
        response = self.post_form(tampered, signature=signature, run=False)
        self.assertEqual((response.status_code, response.json()), (401, {"error": "bad_signature"}))
        self.assertFalse(self.env["messaging.inbox"].search([("channel_id", "=", self.twilio.id)]))
        # Valid: accepted once, then a duplicate.
        self.assertEqual(self.post_form(params, run=False).json(), {"status": "accepted"})
        self.assertEqual(self.post_form(params, run=False).json(), {"status": "duplicate"})

    def test_json_or_malformed_body_is_refused(self):
        url = self.twilio.get_base_url() + self.path
        headers = {"Content-Type": "application/json", "X-Twilio-Signature": sign_twilio(url, [], API_KEY)}
        response = self.url_open(self.path, data=b"{}", headers=headers)
        self.assertEqual((response.status_code, response.json()), (415, {"error": "unsupported_media_type"}))
        response = self.post_form({"Body": "no sid"}, run=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"error": "missing_field", "field": "MessageSid"})

    # Inbound SMS ------------------------------------------------------------------------------
    def test_inbound_sms_is_logged_commented_and_stop_opts_out(self):
        response = self.post_form(inbound_sms(sid="SMin1"))
        self.assertEqual(response.json(), {"status": "accepted"})
        lead = self.env["crm.lead"].search([("phone_sanitized", "=", UNKNOWN)])
        self.assertEqual(len(lead), 1)
        (row,) = self.log(provider_message_id="SMin1")
        self.assertEqual((row.direction, row.status, row.address, row.lead_id), ("inbound", "received", UNKNOWN, lead))
        self.assertEqual(lead.last_inbound_at, row.date)
        comment = lead.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertIn("vocês entregam amanhã", comment.body)

        self.post_form(inbound_sms(sid="SMin2", body="Stop"))
        consent = self.env["messaging.consent"]._get_consent(UNKNOWN, "twilio")
        self.assertEqual(consent.state, "opted_out")
        self.assertTrue(self.env["phone.blacklist"].sudo().search([("number", "=", UNKNOWN)]))

    # Status callbacks ----------------------------------------------------------------------------
    def test_send_then_status_callbacks_move_the_log_row(self):
        self.server.add("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
                        Reply(status=201, json={"sid": "SMout1", "status": "queued"}))
        outbound, trap = self.send(self.twilio, body="Seu pedido sai hoje")
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        self.assertEqual((outbound.state, outbound.provider_message_id), ("sent", "SMout1"))
        (request,) = self.server.received("POST")
        self.assertEqual(request.header("Authorization"),
                         "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{API_KEY}".encode()).decode())
        form = dict(pair.split("=", 1) for pair in request.body.decode().split("&"))
        self.assertEqual(form["Body"], "Seu+pedido+sai+hoje")
        self.assertEqual(form["To"], CUSTOMER_PHONE.replace("+", "%2B"))
        self.assertEqual(form["From"], SENDER.replace("+", "%2B"))
        self.assertIn("StatusCallback", form)
        log = outbound.log_message_id
        self.assertEqual(log.status, "sent")

        status = {"MessageSid": "SMout1", "AccountSid": ACCOUNT_SID, "To": CUSTOMER_PHONE, "From": SENDER}
        self.post_form({**status, "MessageStatus": "delivered"})
        log.invalidate_recordset()
        self.assertEqual(log.status, "delivered")
        self.assertTrue(log.delivered_at)
        self.assertEqual(len(self.log(provider_message_id="SMout1")), 1, "no second row for the receipt")
        # A late "sent" receipt does not move it back.
        self.post_form({**status, "MessageStatus": "sent"})
        log.invalidate_recordset()
        self.assertEqual(log.status, "delivered")

    def test_undelivered_status_fails_the_log_row(self):
        path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        self.server.add("POST", path, Reply(status=201, json={"sid": "SMout2"}))
        outbound, trap = self.send(self.twilio)
        self.run_until_done(trap.enqueued_jobs[0])
        self.post_form({"MessageSid": "SMout2", "MessageStatus": "undelivered", "ErrorCode": "30003"})
        log = outbound.log_message_id
        log.invalidate_recordset()
        self.assertEqual(log.status, "failed")
        self.assertIn("30003", log.error)

    # Sending errors ------------------------------------------------------------------------------
    def test_4xx_is_permanent(self):
        self.server.add("POST", f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
                        Reply(status=400, json={"code": 21211, "message": "The 'To' number is not valid."}))
        outbound, trap = self.send(self.twilio)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        self.assertEqual(self.server.count("POST"), 1)
        self.assertEqual(outbound.state, "failed")
        self.assertIn("is not valid", outbound.last_error)
        self.assertEqual(outbound.log_message_id.status, "failed")

    def test_429_and_5xx_are_retried_then_sent(self):
        path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        self.server.queue("POST", path, Reply(status=429, json={"message": "Too Many Requests"}),
                          Reply(status=503, body=b"unavailable"), Reply(status=201, json={"sid": "SMretry"}))
        outbound, trap = self.send(self.twilio)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [1, 5])
        self.assertEqual(self.server.count("POST", path), 3)
        self.assertEqual((outbound.state, outbound.provider_message_id), ("sent", "SMretry"))

    def test_5xx_forever_fails_after_the_last_retry(self):
        path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        self.server.add("POST", path, Reply(status=500, json={"message": "Internal error"}))
        outbound, trap = self.send(self.twilio)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [1, 5, 25])
        self.assertEqual(self.server.count("POST", path), 4)
        self.assertEqual(outbound.state, "failed")
        self.assertIn("Internal error", outbound.last_error)
        self.assertNotIn(API_KEY, outbound.last_error)
