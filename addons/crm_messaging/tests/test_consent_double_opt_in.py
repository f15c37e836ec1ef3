"""Consent of inbound messages: double opt-in and configurable keywords."""

import json

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import quo_event
from .test_processing import UNKNOWN
from .test_processing_conversations import WA_NUMBER, ConversationMixin, wa_message


@tagged("post_install", "-at_install")
class TestConsentOfInboundMessages(ConversationMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uazapi.write({"double_opt_in": True, "opt_in_request_text": "Responda SIM para receber nossas mensagens."})

    def say(self, text, channel=None, number=WA_NUMBER):
        """``text`` received from ``number`` on ``channel`` (WhatsApp); its consent row."""
        channel = channel or self.uazapi
        self.counter = getattr(self, "counter", 0) + 1
        if channel == self.quo:
            payload = quo_event(event_id=f"EVkw{self.counter}", message_id=f"ACkw{self.counter}", body=text)
            payload["data"]["object"]["from"] = number
        else:
            payload = wa_message(f"3EBdoi{self.counter:03d}", text=text, number=number)
        row = self.store(channel, payload)
        self.assertEqual(row.state, "done", row.error)
        return self.env["messaging.consent"]._get_consent(number, channel.channel_type)

    def test_first_contact_requests_confirmation_and_sim_confirms(self):
        consent = self.say("Oi, tudo bem?")
        self.assertEqual(consent.state, "pending")
        self.assertTrue(consent.requested_at)
        self.assertEqual(consent.request_text, "Responda SIM para receber nossas mensagens.")
        self.assertEqual(consent.request_channel_id, self.uazapi)
        self.assertFalse(consent.request_sent_at, "queued, not yet accepted by the provider")
        sending = consent.request_outbound_id
        self.assertEqual((sending.state, sending.recipient, sending.body, sending.channel_id),
                         ("queued", WA_NUMBER, "Responda SIM para receber nossas mensagens.", self.uazapi))
        lead = self.leads(WA_NUMBER)
        requested = [body for body in self.notes(lead).mapped("body") if "Opt-in confirmation requested" in body]
        self.assertEqual(len(requested), 1)
        self.assertIn("Responda SIM", requested[0])
        consent = self.say(" Sím! ")
        self.assertEqual(consent.state, "opted_in")
        self.assertTrue(consent.confirmed_at)
        self.assertEqual(self.say("Quero o catálogo").state, "opted_in", "ordinary text changes nothing")

    def test_inline_processing_still_queues_the_verification(self):
        payload = wa_message("3EBinline1", text="Olá")
        with trap_jobs() as trap:
            for event in self.uazapi._parse_payload(payload):
                self.env["messaging.inbox"].with_context(queue_job__no_delay=True)._store_event(
                    self.uazapi, event, json.dumps(payload))
            sending = self.env["messaging.consent"]._get_consent(WA_NUMBER, "uazapi").request_outbound_id
            self.assertEqual(sending.state, "queued", "sent later by the job runner, not inside processing")
            trap.assert_jobs_count(1, only=sending._send)

    def test_stop_is_immediate_and_voltar_needs_a_new_confirmation(self):
        self.assertEqual(self.say("SAIR").state, "opted_out")
        self.assertEqual(self.say("Oi de novo").state, "opted_out", "not a first contact: no new request")
        self.assertEqual(self.say("sim").state, "opted_out", "a confirmation without a request does nothing")
        self.assertEqual(self.say("voltar").state, "pending")
        self.assertEqual(self.say("CONFIRMO").state, "opted_in")
        self.assertFalse(self.env["messaging.consent"]._is_opted_out(WA_NUMBER, "uazapi"))

    def test_without_double_opt_in_start_opts_in_and_yes_does_nothing(self):
        self.uazapi.double_opt_in = False
        self.assertFalse(self.say("Oi"), "no consent row on a plain first contact")
        self.assertFalse(self.say("YES"))
        self.assertEqual(self.say("start").state, "opted_in")

    def test_configured_keywords_replace_the_defaults(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_messaging.opt_out_keywords", "Pare, DESCADASTRAR")
        self.assertFalse(self.say("STOP", self.quo, UNKNOWN), "STOP is no longer a keyword")
        self.assertEqual(self.say("  descadástrar. ", self.quo, UNKNOWN).state, "opted_out")
        self.assertEqual(self.say("Voltar", self.quo, UNKNOWN).state, "opted_in", "default opt-in words still apply")
