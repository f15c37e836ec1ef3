"""Outbound delivery through queue_job against a local fake provider: success, retries
(429, 5xx), no retry on 4xx, chatter trace, opt-out, secrets kept out of logs."""

import logging

from odoo.tests import TransactionCase, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import API_KEY
from .common_outbound import CUSTOMER_PHONE, OutboundMixin


@tagged("post_install", "-at_install")
class TestOutbound(OutboundMixin, TransactionCase):
    def test_quo_sms_is_sent_by_the_job_and_traced_in_the_chatter(self):
        self.server.add("POST", "/v1/messages", Reply(status=202, json={"data": {"id": "ACsent1"}}))
        outbound, trap = self.send(self.quo, body="Sua proposta está pronta")
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(outbound._send, properties={"max_retries": 4})
        self.assertEqual(trap.enqueued_jobs[0].channel, "root.messaging.outbound", "the job function's channel")
        self.assertEqual(outbound.state, "queued")
        self.assertEqual(outbound.recipient, CUSTOMER_PHONE)
        self.assertEqual((outbound.res_model, outbound.res_id), ("crm.lead", self.lead.id))
        self.assertEqual(self.server.count(), 0, "nothing is sent before the job runs")
        self.assertIn(outbound.mail_message_id, self.lead.message_ids)
        self.assertIn("Queued", self.trace(outbound))

        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        (request,) = self.server.received("POST", "/v1/messages")
        self.assertEqual(
            request.json(), {"content": "Sua proposta está pronta", "from": "PNsales01", "to": [CUSTOMER_PHONE]}
        )
        self.assertEqual(outbound.state, "sent")
        self.assertEqual(outbound.provider_message_id, "ACsent1")
        self.assertTrue(outbound.sent_date)
        self.assertIn("Sent", self.trace(outbound))
        self.assertIn("Sua proposta está pronta", self.trace(outbound))
        self.assertEqual(self.quo.state, "connected")
        # The same job delivered again sends nothing twice.
        trap.enqueued_jobs and self.run_job(trap.enqueued_jobs[0])
        self.assertEqual(self.server.count(), 1)

    def test_429_then_success_is_retried_after_one_second(self):
        self.server.queue(
            "POST", "/send/text", Reply(status=429, json={"message": "rate limited"}), Reply(json={"messageid": "W1"})
        )
        outbound, trap = self.send(self.uazapi)
        job = trap.enqueued_jobs[0]
        self.assertEqual(self.run_job(job), 1)
        self.assertEqual(outbound.state, "queued")
        self.assertIn("429", self.uazapi.last_error, "recorded on the separate cursor")
        self.assertEqual(self.uazapi.consecutive_failures, 1)
        self.assertIsNone(self.run_job(job))
        self.assertEqual(self.server.count("POST", "/send/text"), 2)
        self.assertEqual(outbound.state, "sent")
        self.assertEqual(outbound.provider_message_id, "W1")
        self.assertEqual(self.uazapi.consecutive_failures, 0)
        self.assertEqual(self.uazapi.state, "connected")

    def test_5xx_twice_then_success_backs_off_1_then_5_seconds(self):
        path = "/api/v1/accounts/7/conversations/42/messages"
        self.server.queue(
            "POST", path, Reply(status=503), Reply(status=502, body=b"Bad gateway"), Reply(json={"id": 7})
        )
        outbound, trap = self.send(self.chatwoot, body="Resposta pelo Chatwoot")
        self.assertEqual(outbound.recipient, "42")
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [1, 5])
        self.assertEqual(self.server.count("POST", path), 3)
        self.assertEqual(outbound.state, "sent")
        self.assertEqual(outbound.provider_message_id, "7")
        self.assertEqual(self.server.received("POST", path)[0].json()["message_type"], "outgoing")

    def test_5xx_forever_gives_up_after_1_5_25_seconds(self):
        self.server.add("POST", "/v1/messages", Reply(status=500, json={"message": "Internal error"}))
        outbound, trap = self.send(self.quo)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [1, 5, 25])
        self.assertEqual(self.server.count("POST", "/v1/messages"), 4)
        self.assertEqual(outbound.state, "failed")
        self.assertIn("Internal error", outbound.last_error)
        self.assertIn("Failed", self.trace(outbound))
        self.assertEqual(self.quo.state, "error")

    def test_400_is_not_retried(self):
        body = {"errors": [{"message": "Invalid email address", "field": "personalizations.0.to"}]}
        self.server.add("POST", "/v3/mail/send", Reply(status=400, json=body))
        outbound, trap = self.send(self.sendgrid, body="Segue a proposta", subject="Proposta")
        self.assertEqual(outbound.recipient, "ana@example.com")
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        self.assertEqual(self.server.count("POST", "/v3/mail/send"), 1)
        self.assertEqual(outbound.state, "failed")
        self.assertIn("Invalid email address", outbound.last_error)
        self.assertIn("Invalid email address", self.trace(outbound))
        self.assertEqual(self.sendgrid.consecutive_failures, 0, "a rejected message says nothing of the provider")
        # Retry puts it back in the queue.
        self.server.add("POST", "/v3/mail/send", Reply(status=202, headers={"X-Message-Id": "sg9"}))
        with trap_jobs() as trap:
            outbound.action_retry()
            trap.assert_jobs_count(1)
        self.assertEqual(outbound.state, "queued")
        self.run_until_done(trap.enqueued_jobs[0])
        self.assertEqual(outbound.state, "sent")
        self.assertEqual(outbound.provider_message_id, "sg9")

    def test_opted_out_number_is_blocked_in_the_composer_and_in_the_job(self):
        self.env["messaging.consent"]._record_consent(CUSTOMER_PHONE, "uazapi", "opted_out", "test")
        form = self.composer(channel_id=self.uazapi, body="Promoção!")
        self.assertIn("opted out", form.consent_warning)
        with trap_jobs() as trap:
            action = form.save().action_send()
            trap.assert_jobs_count(0)
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(CUSTOMER_PHONE, action["params"]["message"])
        outbound = self.env["messaging.outbound"].search([("channel_id", "=", self.uazapi.id)])
        self.assertEqual(outbound.state, "blocked")
        self.assertIn("Blocked", self.trace(outbound))
        self.assertIn("opted out", self.trace(outbound))
        # Another channel type is not affected.
        self.assertFalse(self.composer(channel_id=self.quo, body="x").consent_warning)
        # Queued before the opt-out, blocked when the job runs: nothing reaches the provider.
        self.server.add("POST", "/v1/messages", Reply(json={"data": {"id": "never"}}))
        outbound, trap = self.send(self.quo)
        self.env["messaging.consent"]._record_consent(CUSTOMER_PHONE, "quo", "opted_out", "test")
        self.run_until_done(trap.enqueued_jobs[0])
        self.assertEqual(outbound.state, "blocked")
        self.assertEqual(self.server.count(), 0)

    def test_secrets_never_reach_logs_or_error_fields(self):
        self.server.add("POST", "/v1/messages", Reply(status=401, json={"message": f"Bad API key {API_KEY}"}))
        self.server.add("POST", "/send/text", Reply(status=500, json={"error": f"token {API_KEY} crashed"}))
        quo_out, quo_trap = self.send(self.quo)
        wa_out, wa_trap = self.send(self.uazapi)
        with self.assertLogs(level=logging.DEBUG) as logs:
            self.run_until_done(quo_trap.enqueued_jobs[0])
            self.run_until_done(wa_trap.enqueued_jobs[0])
        output = "\n".join(logs.output)
        self.assertIn("401", output)
        for text in (
            output,
            quo_out.last_error,
            wa_out.last_error,
            self.quo.last_error,
            self.uazapi.last_error,
            self.trace(quo_out),
        ):
            self.assertNotIn(API_KEY, text)
        self.assertIn("Bad API key ***", quo_out.last_error)
        self.assertEqual(self.quo.state, "error", "an authentication failure puts the channel in error")
        self.assertEqual(self.quo.consecutive_failures, 0)

    def test_unusable_credentials_fail_without_calling_the_provider(self):
        bare = self.make_channel("quo", base_url=self.server.url, sender_ref="PN1", api_key=False, name="No key")
        outbound, trap = self.send(bare)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        self.assertEqual(outbound.state, "failed")
        self.assertIn("API key is not configured", outbound.last_error)
        # A credential that cannot be decrypted (e.g. the server key changed) fails the same way.
        broken = self.make_channel("uazapi", base_url=self.server.url, name="Broken key")
        broken.sudo().api_key_enc = "v1:" + "A" * 60
        outbound, trap = self.send(broken)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        self.assertEqual(outbound.state, "failed")
        self.assertIn("Cannot read the credential", outbound.last_error)
        self.assertEqual(self.server.count(), 0)

    def test_chatwoot_consent_and_email_blacklist_block_too(self):
        self.env["messaging.consent"]._record_consent(CUSTOMER_PHONE, "chatwoot", "opted_out", "test")
        self.env["mail.blacklist"].create({"email": "Ana@Example.com"})
        cases = [(self.chatwoot, {}, "opted out"), (self.sendgrid, {"subject": "Oi"}, "blacklist")]
        for channel, values, reason in cases:
            with self.subTest(channel=channel.channel_type), trap_jobs() as trap:
                action = self.composer(channel_id=channel, body="Oi", **values).save().action_send()
                trap.assert_jobs_count(0)
                self.assertEqual(action["params"]["type"], "warning")
                self.assertIn(reason, action["params"]["message"])
        self.assertEqual(self.server.count(), 0)
