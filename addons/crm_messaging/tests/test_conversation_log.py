"""Conversations as data, over real HTTP: signed Quo events posted to the webhook, their
jobs run as queue_job would; the log, the customer comment, last_inbound_at, a
base_automation rule on incoming messages, calls, status events, phone.blacklist."""

import time

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools.quo import sign_quo
from .common import QUO_SECRET, dumps, quo_event
from .common_outbound import CUSTOMER_PHONE, OutboundMixin
from .test_processing import quo_call

UNKNOWN = "+5511912345678"


def quo_call_content(event_type, call_id, **data):
    return {
        "id": f"EV{event_type}{call_id}",
        "object": "event",
        "type": event_type,
        "createdAt": "2026-11-22T04:20:00.000Z",
        "data": {"object": {"callId": call_id, "status": "completed", **data}},
    }


@tagged("post_install", "-at_install")
class TestConversationLog(OutboundMixin, HttpCase):
    def post_quo(self, payload, channel=None):
        """POST ``payload`` signed to the Quo webhook and run the jobs it enqueued (as the
        request's user, on the test cursor); the inbox rows."""
        channel = channel or self.quo
        body = dumps(payload)
        headers = {
            "Content-Type": "application/json",
            "openphone-signature": sign_quo(body, QUO_SECRET, int(time.time() * 1000)),
        }
        with trap_jobs() as trap:
            response = self.url_open(f"/webhook/quo/{channel.id}", data=body, headers=headers)
            self.assertEqual(response.status_code, 200, response.text)
            for job in trap.enqueued_jobs:
                request_env = job.recordset.env
                job.recordset = job.recordset.with_env(self.env(user=request_env.uid, su=request_env.su))
            trap.perform_enqueued_jobs()
        rows = self.env["messaging.inbox"].search([("provider_event_id", "=", payload["id"])])
        self.assertTrue(rows)
        self.assertEqual(rows.mapped("state"), ["done"] * len(rows), rows.mapped("error"))
        return rows

    def log(self, **domain):
        return self.env["messaging.message"].search([(key, "=", value) for key, value in domain.items()])

    def test_message_received_logs_comments_and_fires_automation(self):
        Lead = self.env["crm.lead"]
        automation = self.env["base.automation"].create(
            {
                "name": "Hot on reply",
                "trigger": "on_message_received",
                "model_id": self.env.ref("crm.model_crm_lead").id,
            }
        )
        action = self.env["ir.actions.server"].create(
            {
                "name": "Star the lead",
                "base_automation_id": automation.id,
                "model_id": self.env.ref("crm.model_crm_lead").id,
                "state": "object_write",
                "update_path": "priority",
                "selection_value": self.env.ref("crm.field_crm_lead__priority")
                .selection_ids.filtered(lambda value: value.value == "3")
                .id,
            }
        )
        automation.write({"action_server_ids": [Command.link(action.id)]})
        self.lead.priority = "0"
        payload = quo_event(
            event_id="EVlog1",
            message_id="AClog1",
            createdAt="2026-11-22T04:00:00.000Z",
            media=[{"url": "https://files.example.com/img1.jpg"}],
            **{"from": CUSTOMER_PHONE, "body": "Tem estoque?"},
        )
        row = self.post_quo(payload)
        log = self.log(provider_message_id="AClog1")
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.direction, log.status, log.address, log.body, log.lead_id, log.partner_id, log.inbox_id),
            ("inbound", "received", CUSTOMER_PHONE, "Tem estoque?", self.lead, self.partner, row),
        )
        self.assertEqual(log.media_urls, "https://files.example.com/img1.jpg")
        self.assertEqual(str(log.date), "2026-11-22 04:00:00")
        self.assertEqual(log.received_at, log.date)
        comment = self.lead.message_ids.filtered(lambda message: "Tem estoque?" in (message.body or ""))
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.message_type, "comment")
        self.assertEqual(comment.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(comment.author_id, self.partner)
        self.assertEqual(self.lead.priority, "3", "the on-incoming-message rule ran")
        for record in (self.lead, self.partner):
            self.assertEqual(str(record.last_inbound_at), "2026-11-22 04:00:00")
            self.assertEqual(record.last_inbound_channel_id, self.quo)
            self.assertFalse(record.last_outbound_at)
        self.assertEqual(Lead.search([("last_inbound_at", "!=", False), ("id", "=", self.lead.id)]), self.lead)
        # An unknown number: a new lead, the comment without author, the rule runs too.
        self.post_quo(quo_event(event_id="EVlog2", message_id="AClog2", **{"from": UNKNOWN, "body": "Oi"}))
        new_lead = Lead.search([("phone", "=", UNKNOWN)])
        self.assertEqual(new_lead.priority, "3")
        self.assertEqual(self.log(provider_message_id="AClog2").lead_id, new_lead)
        self.assertFalse(new_lead.message_ids.filtered(lambda m: "Oi" in (m.body or "")).author_id)

    def test_outbound_is_logged_and_status_events_move_it(self):
        self.server.add("POST", "/v1/messages", Reply(status=202, json={"data": {"id": "ACout1"}}))
        outbound, trap = self.send(self.quo, body="Proposta enviada")
        log = outbound.log_message_id
        self.assertEqual(
            (log.direction, log.status, log.lead_id, log.body), ("outbound", "queued", self.lead, "Proposta enviada")
        )
        self.assertTrue(log.queued_at)
        self.run_until_done(trap.enqueued_jobs[0])
        self.assertEqual((log.status, log.provider_message_id), ("sent", "ACout1"))
        self.assertTrue(log.sent_at)
        self.assertTrue(self.lead.last_outbound_at)
        self.assertEqual(self.lead.last_outbound_channel_id, self.quo)
        notes = len(self.lead.message_ids)
        delivered = {
            **quo_event(
                event_id="EVdlv1",
                message_id="ACout1",
                direction="outgoing",
                status="delivered",
                **{"from": "+15555550199", "to": [CUSTOMER_PHONE], "body": "Proposta enviada"},
            ),
            "type": "message.delivered",
        }
        self.post_quo(delivered)
        log.invalidate_recordset()
        self.assertEqual(log.status, "delivered")
        self.assertTrue(log.delivered_at)
        self.assertEqual(len(self.log(provider_message_id="ACout1")), 1, "no second row for the provider's copy")
        self.assertEqual(len(self.lead.message_ids), notes, "already in the chatter")
        # Reported undelivered: failed, with the reason.
        self.server.add("POST", "/v1/messages", Reply(status=202, json={"data": {"id": "ACout2"}}))
        outbound2, trap2 = self.send(self.quo, body="Segunda")
        self.run_until_done(trap2.enqueued_jobs[0])
        undelivered = {**delivered, "id": "EVdlv2"}
        undelivered["data"] = {"object": {**delivered["data"]["object"], "id": "ACout2", "status": "undelivered"}}
        self.post_quo(undelivered)
        log2 = outbound2.log_message_id
        self.assertEqual(log2.status, "failed")
        self.assertIn("undelivered", log2.error)
        # A message typed in Quo's own app (no outbound row): logged as outbound, delivered.
        foreign = {**delivered, "id": "EVdlv3"}
        foreign["data"] = {"object": {**delivered["data"]["object"], "id": "ACapp1", "body": "Pelo app"}}
        self.post_quo(foreign)
        app_log = self.log(provider_message_id="ACapp1")
        self.assertEqual((app_log.direction, app_log.status, app_log.outbound_id.id), ("outbound", "delivered", False))

    def test_call_and_later_summary_make_one_call(self):
        self.post_quo(quo_call(event_id="EVc1", call_id="ACcallX", **{"from": CUSTOMER_PHONE}))
        calls = self.env["messaging.call"].search([("provider_call_id", "=", "ACcallX")])
        self.assertEqual(len(calls), 1)
        self.assertEqual(
            (calls.direction, calls.answered, calls.missed, calls.lead_id), ("inbound", False, True, self.lead)
        )
        self.assertEqual(calls.voicemail_url, "https://files.example.com/vm/ACcall0001.mp3")
        self.post_quo(
            quo_call_content(
                "call.summary.completed", "ACcallX", summary=["Quer 20 caixas"], nextSteps=["Ligar amanhã"]
            )
        )
        self.post_quo(
            quo_call_content(
                "call.transcript.completed", "ACcallX", dialogue=[{"identifier": CUSTOMER_PHONE, "content": "Alô"}]
            )
        )
        calls = self.env["messaging.call"].search([("provider_call_id", "=", "ACcallX")])
        self.assertEqual(len(calls), 1)
        self.assertIn("Quer 20 caixas", calls.summary)
        self.assertIn("- Ligar amanhã", calls.summary)
        self.assertEqual(calls.transcript, f"{CUSTOMER_PHONE}: Alô\n")
        self.assertTrue(calls.missed)
        # A summary arriving first is kept and completed by the call event.
        self.post_quo(quo_call_content("call.summary.completed", "ACcallY", summary=["Antes"]))
        self.post_quo(
            quo_call(
                event_id="EVc2",
                call_id="ACcallY",
                status="completed",
                duration=60,
                answeredAt="2026-11-22T04:09:00.000Z",
                **{"from": CUSTOMER_PHONE},
            )
        )
        call = self.env["messaging.call"].search([("provider_call_id", "=", "ACcallY")])
        self.assertEqual((len(call), call.answered, call.missed, call.duration), (1, True, False, 60))
        self.assertIn("Antes", call.summary)

    def test_opt_out_blacklists_and_opt_in_removes(self):
        Blacklist = self.env["phone.blacklist"].with_context(active_test=False)
        self.post_quo(
            quo_event(event_id="EVstop1", message_id="ACstop1", **{"from": CUSTOMER_PHONE, "body": "Não quero mais"})
        )
        entry = Blacklist.search([("number", "=", CUSTOMER_PHONE)])
        self.assertTrue(entry.active)
        self.assertTrue(self.env["messaging.consent"]._is_opted_out(CUSTOMER_PHONE, "quo"))
        self.post_quo(quo_event(event_id="EVyes1", message_id="ACyes1", **{"from": CUSTOMER_PHONE, "body": "YES"}))
        entry.invalidate_recordset()
        self.assertFalse(entry.active, "opted back in: off the blacklist")
        self.post_quo(quo_event(event_id="EVstop2", message_id="ACstop2", **{"from": CUSTOMER_PHONE, "body": "REVOKE"}))
        entry.invalidate_recordset()
        self.assertTrue(entry.active)
        self.post_quo(quo_event(event_id="EVstart", message_id="ACstart", **{"from": CUSTOMER_PHONE, "body": "unstop"}))
        entry.invalidate_recordset()
        self.assertFalse(entry.active)
        self.assertEqual(len(Blacklist.search([("number", "=", CUSTOMER_PHONE)])), 1)
        # An opt-in from a number never blacklisted leaves no trace in the blacklist.
        self.post_quo(quo_event(event_id="EVstart2", message_id="ACstart2", **{"from": UNKNOWN, "body": "START"}))
        self.assertEqual(self.env["messaging.consent"]._get_consent(UNKNOWN, "quo").state, "opted_in")
        self.assertFalse(Blacklist.search([("number", "=", UNKNOWN)]))
        # Still opted out on another channel type: the opt-in here keeps the number blacklisted.
        self.env["messaging.consent"]._record_consent(CUSTOMER_PHONE, "uazapi", "opted_out", "test")
        self.post_quo(quo_event(event_id="EVstop3", message_id="ACstop3", **{"from": CUSTOMER_PHONE, "body": "SAIR"}))
        self.post_quo(
            quo_event(event_id="EVstart3", message_id="ACstart3", **{"from": CUSTOMER_PHONE, "body": "VOLTAR"})
        )
        entry.invalidate_recordset()
        self.assertTrue(entry.active)
