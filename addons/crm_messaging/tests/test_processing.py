"""Asynchronous processing of inbox rows: jobs, leads, chatter, consent, calls, failures."""

import json
import time

from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools.quo import sign_quo
from .common import QUO_SECRET, MessagingKeyMixin, dumps, quo_event

UNKNOWN = "+5511912345678"
KNOWN = "+5511987654321"


def quo_call(event_id="EVcall0001", call_id="ACcall0001", **data):
    return {
        "id": event_id,
        "object": "event",
        "type": "call.completed",
        "createdAt": "2026-11-22T04:10:00.000Z",
        "data": {
            "object": {
                "id": call_id,
                "object": "call",
                "from": UNKNOWN,
                "to": "+15555550199",
                "direction": "incoming",
                "status": "no-answer",
                "duration": 0,
                "answeredAt": None,
                "voicemail": {"url": "https://files.example.com/vm/ACcall0001.mp3", "duration": 12},
                "media": [],
                **data,
            }
        },
    }


class ProcessingMixin(MessagingKeyMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.br")
        cls.quo = cls.make_channel("quo")

    def leads(self, phone):
        return self.env["crm.lead"].with_context(active_test=False).search([("phone", "=", phone)])

    def notes(self, record):
        return record.message_ids.filtered(lambda message: message.message_type == "comment")


@tagged("post_install", "-at_install")
class TestProcessingWebhook(ProcessingMixin, HttpCase):
    def test_webhook_enqueues_one_job_and_processes_later(self):
        payload = quo_event(event_id="EVhttp0001", message_id="AChttp0001", **{"from": UNKNOWN})
        body = dumps(payload)
        headers = {
            "Content-Type": "application/json",
            "openphone-signature": sign_quo(body, QUO_SECRET, int(time.time() * 1000)),
        }
        with trap_jobs() as trap:
            response = self.url_open(f"/webhook/quo/{self.quo.id}", data=body, headers=headers)
            self.assertEqual(response.status_code, 200, response.text)
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].method_name, "_process")
            self.assertFalse(self.leads(UNKNOWN), "no lead may be created during the request")
            row = self.env["messaging.inbox"].search([("provider_event_id", "=", "EVhttp0001")])
            self.assertEqual(row.state, "pending")
            # The job was built on the request's (closed) test cursor: rebind it to ours,
            # keeping the request's user (public) as a real job would.
            for job in trap.enqueued_jobs:
                request_env = job.recordset.env
                self.assertEqual(request_env.uid, self.env.ref("base.public_user").id)
                job.recordset = job.recordset.with_env(self.env(user=request_env.uid, su=request_env.su))
            trap.perform_enqueued_jobs()
        row.invalidate_recordset()
        self.assertEqual(row.state, "done")
        lead = self.leads(UNKNOWN)
        self.assertEqual(len(lead), 1)
        self.assertIn("Olá, tudo bem?", self.notes(lead).body)
        self.assertEqual(lead.create_uid, self.env.ref("base.user_root"))
        self.assertFalse(lead.user_id)


@tagged("post_install", "-at_install")
class TestProcessing(ProcessingMixin, TransactionCase):
    def store(self, payload):
        """Store ``payload`` as the webhook does, trap its job and run it; the new row."""
        inbox = self.env["messaging.inbox"]
        with trap_jobs() as trap:
            rows = inbox.browse()
            for event in self.quo._parse_payload(payload):
                rows |= inbox._store_event(self.quo, event, json.dumps(payload))
            trap.assert_jobs_count(len(rows))
            trap.perform_enqueued_jobs()
        rows.invalidate_recordset()
        return rows

    def test_unknown_number_creates_one_lead_once(self):
        payload = quo_event(**{"from": UNKNOWN, "body": "Quero um orçamento"})
        row = self.store(payload)
        self.assertEqual(row.state, "done")
        lead = self.leads(UNKNOWN)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.source_id, self.env.ref("crm_messaging.utm_source_quo"))
        self.assertEqual(lead.company_id, self.quo.company_id)
        self.assertIn("Quero um orçamento", lead.description)
        self.assertFalse(lead.user_id)
        self.assertEqual(len(self.notes(lead)), 1)
        self.assertIn("Quero um orçamento", self.notes(lead).body)
        # Delivered twice more: stored once, processed once.
        self.assertFalse(self.store(payload))
        self.assertFalse(self.store(payload))
        row._process()  # a done row does nothing
        self.assertEqual(len(self.leads(UNKNOWN)), 1)
        self.assertEqual(len(self.notes(lead)), 1)
        # A second message from the same number goes to the same open lead.
        self.store(quo_event(event_id="EVsecond", message_id="ACsecond", **{"from": UNKNOWN, "body": "Alô?"}))
        self.assertEqual(len(self.leads(UNKNOWN)), 1)
        self.assertEqual(len(self.notes(lead)), 2)

    def test_known_customer_in_another_format_gets_the_message(self):
        partner = self.env["res.partner"].create(
            {"name": "Cliente Conhecido", "phone": "(11) 98765-4321", "country_id": self.env.ref("base.br").id}
        )
        row = self.store(quo_event(**{"from": KNOWN, "body": "Oi, é o João"}))
        self.assertEqual(row.state, "done", row.error)
        self.assertFalse(self.leads(KNOWN))
        self.assertFalse(self.env["crm.lead"].search([("partner_id", "=", partner.id)]))
        note = self.notes(partner)
        self.assertEqual(len(note), 1)
        self.assertIn("Oi, é o João", note.body)
        self.assertEqual(note.author_id, partner)

    def test_known_customer_with_open_lead_gets_the_message_on_the_lead(self):
        partner = self.env["res.partner"].create({"name": "Cliente Sem País", "phone": "(11) 98765 4321"})
        lead = self.env["crm.lead"].create({"name": "Open deal", "partner_id": partner.id, "user_id": False})
        self.store(quo_event(**{"from": KNOWN, "body": "Sobre a proposta"}))
        self.assertIn("Sobre a proposta", self.notes(lead).body)
        self.assertFalse(self.notes(partner))

    def test_stop_and_voltar_record_consent(self):
        Consent = self.env["messaging.consent"]
        self.store(quo_event(event_id="EVstop", message_id="ACstop", **{"from": UNKNOWN, "body": "STOP"}))
        consent = Consent.search([("phone", "=", UNKNOWN), ("channel_type", "=", "quo")])
        self.assertEqual(consent.state, "opted_out")
        self.assertTrue(Consent._is_opted_out(UNKNOWN, "quo"))
        self.assertFalse(Consent._is_opted_out(UNKNOWN, "uazapi"))
        self.store(quo_event(event_id="EVvoltar", message_id="ACvoltar", **{"from": UNKNOWN, "body": "Voltar!"}))
        consent = Consent.search([("phone", "=", UNKNOWN), ("channel_type", "=", "quo")])
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.state, "opted_in")
        self.assertFalse(Consent._is_opted_out(UNKNOWN, "quo"))
        # Ordinary text changes nothing.
        self.store(quo_event(event_id="EVtalk", message_id="ACtalk", **{"from": UNKNOWN, "body": "don't stop"}))
        self.assertEqual(consent.state, "opted_in")

    def test_missed_inbound_call_logs_note_and_activity(self):
        row = self.store(quo_call())
        self.assertEqual(row.state, "done", row.error)
        lead = self.leads(UNKNOWN)
        self.assertEqual(len(lead), 1)
        note = self.notes(lead)
        self.assertEqual(len(note), 1)
        self.assertIn("missed", note.body)
        self.assertIn("https://files.example.com/vm/ACcall0001.mp3", note.body)
        activity = lead.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))

    def test_answered_call_logs_note_without_activity(self):
        self.store(quo_call(event_id="EVcall2", call_id="ACcall2", status="completed", duration=95,
                            answeredAt="2026-11-22T04:08:00.000Z", voicemail=None))
        lead = self.leads(UNKNOWN)
        self.assertIn("answered", self.notes(lead).body)
        self.assertIn("95", self.notes(lead).body)
        self.assertFalse(lead.activity_ids)

    def test_other_event_type_is_done_without_effect(self):
        payload = {**quo_event(event_id="EVring", **{"from": UNKNOWN}), "type": "call.ringing"}
        row = self.store(payload)
        self.assertEqual(row.state, "done")
        self.assertFalse(self.leads(UNKNOWN))

    def test_failure_stays_visible_and_retry_enqueues(self):
        payload = quo_event(event_id="EVbroken")
        del payload["data"]["object"]["from"]
        row = self.env["messaging.inbox"].create(
            {
                "channel_id": self.quo.id,
                "company_id": self.quo.company_id.id,
                "provider_event_id": "EVbroken",
                "event_type": "message.received",
                "payload": json.dumps(payload),
            }
        )
        row._process()
        self.assertEqual(row.state, "failed")
        self.assertIn("data.object.from", row.error)
        with trap_jobs() as trap:
            row.action_retry()
            self.assertEqual(row.state, "pending")
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(row._process, properties={"max_retries": 5})
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.messaging.inbound")
            trap.perform_enqueued_jobs()
        row.invalidate_recordset()
        self.assertEqual(row.state, "failed")
