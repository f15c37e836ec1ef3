"""Status receipts over real HTTP: Uazapi ``messages_update`` and Chatwoot
``message_updated`` events posted to the webhook move the log row of the message Odoo sent
(sent → delivered → read, or failed, with their timestamps); HELP / AJUDA get the help
message."""

import time

from odoo.tests import HttpCase, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools.chatwoot import sign_chatwoot
from ..tools.quo import sign_quo
from .common import CHATWOOT_SECRET, QUO_SECRET, UAZAPI_TOKEN, dumps, quo_event
from .common_outbound import CUSTOMER_PHONE, OutboundMixin

HELP_NUMBER = "+5511923456789"


@tagged("post_install", "-at_install")
class TestStatusReceipts(OutboundMixin, HttpCase):
    def post(self, channel, payload, headers):
        body = dumps(payload)
        with trap_jobs() as trap:
            response = self.url_open(
                f"/webhook/{channel.channel_type}/{channel.id}",
                data=body,
                headers={"Content-Type": "application/json", **headers(body)},
            )
            self.assertEqual(response.status_code, 200, response.text)
            for job in trap.enqueued_jobs:  # run on the test cursor, as the request's user
                request_env = job.recordset.env
                job.recordset = job.recordset.with_env(self.env(user=request_env.uid, su=request_env.su))
            trap.perform_enqueued_jobs()
        return response.json()

    def post_uazapi(self, payload):
        return self.post(self.uazapi, payload, lambda body: {"X-Uazapi-Token": UAZAPI_TOKEN})

    def post_chatwoot(self, payload):
        return self.post(self.chatwoot, payload, lambda body: sign_chatwoot(body, CHATWOOT_SECRET, int(time.time())))

    def post_quo(self, payload):
        return self.post(
            self.quo, payload,
            lambda body: {"openphone-signature": sign_quo(body, QUO_SECRET, int(time.time() * 1000))},
        )

    def sent(self, channel, path, reply):
        self.server.add("POST", path, reply)
        outbound, trap = self.send(channel)
        self.assertEqual(self.run_until_done(trap.enqueued_jobs[0]), [])
        self.assertEqual(outbound.state, "sent")
        log = outbound.log_message_id
        self.assertEqual(log.status, "sent")
        return log

    def test_uazapi_delivered_then_read(self):
        log = self.sent(self.uazapi, "/send/text", Reply(json={"messageid": "3EB0SENT01"}))
        receipt = {
            "EventType": "messages_update",
            "state": "Delivered",
            "event": {"MessageIDs": ["3EB0SENT01"], "Type": "delivered", "Timestamp": 1764500000},
        }
        self.assertEqual(self.post_uazapi(receipt), {"status": "accepted"})
        log.invalidate_recordset()
        self.assertEqual(log.status, "delivered")
        self.assertEqual(str(log.delivered_at), "2025-11-30 10:53:20")
        read = {**receipt, "state": "Read", "event": {**receipt["event"], "Type": "read", "Timestamp": 1764500060}}
        self.post_uazapi(read)
        log.invalidate_recordset()
        self.assertEqual(log.status, "read")
        self.assertEqual(str(log.read_at), "2025-11-30 10:54:20")
        # A receipt of a message Odoo did not send changes nothing and creates nothing.
        other = {**receipt, "event": {**receipt["event"], "MessageIDs": ["3EB0UNKNOWN"]}}
        count = self.env["messaging.message"].search_count([])
        self.post_uazapi(other)
        self.assertEqual(self.env["messaging.message"].search_count([]), count)

    def test_chatwoot_delivered_read_and_failed(self):
        path = "/api/v1/accounts/7/conversations/42/messages"
        log = self.sent(self.chatwoot, path, Reply(json={"id": 501}))
        update = {"event": "message_updated", "id": 501, "message_type": "outgoing", "status": "delivered",
                  "conversation": {"id": 42, "inbox_id": 3}, "updated_at": "2026-11-30T10:00:00Z"}
        self.assertEqual(self.post_chatwoot(update), {"status": "accepted"})
        log.invalidate_recordset()
        self.assertEqual((log.status, str(log.delivered_at)), ("delivered", "2026-11-30 10:00:00"))
        self.assertEqual(self.post_chatwoot({**update, "status": "read"}), {"status": "accepted"})
        log.invalidate_recordset()
        self.assertEqual(log.status, "read")
        self.assertTrue(log.read_at)

        self.server.reset()
        failed_log = self.sent(self.chatwoot, path, Reply(json={"id": 502}))
        failed = {**update, "id": 502, "status": "failed",
                  "content_attributes": {"external_error": "Message undeliverable (131026)"}}
        self.post_chatwoot(failed)
        failed_log.invalidate_recordset()
        self.assertEqual(failed_log.status, "failed")
        self.assertIn("131026", failed_log.error)

    def test_help_and_ajuda_get_the_help_message(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_messaging.help_text", False)
        payload = quo_event(event_id="EVhelp1", message_id="AChelp1", **{"from": HELP_NUMBER, "body": "help"})
        self.post_quo(payload)
        reply = self.env["messaging.outbound"].search([("recipient", "=", HELP_NUMBER)])
        self.assertEqual(len(reply), 1)
        self.assertIn(self.env.company.name, reply.body)
        self.assertIn("STOP", reply.body)
        self.assertEqual(reply.state, "queued", "sent by its own job, not inside inbound processing")
        self.assertFalse(self.env["messaging.consent"]._get_consent(HELP_NUMBER, "quo"), "HELP changes no consent")

        self.env["ir.config_parameter"].sudo().set_param(
            "crm_messaging.help_text", "Distribuidora: responda SAIR para parar. Ajuda: (11) 4000-0000"
        )
        payload = quo_event(event_id="EVhelp2", message_id="AChelp2", **{"from": HELP_NUMBER, "body": "Ajuda!"})
        self.post_quo(payload)
        replies = self.env["messaging.outbound"].search([("recipient", "=", HELP_NUMBER)], order="id")
        self.assertEqual(replies[-1].body, "Distribuidora: responda SAIR para parar. Ajuda: (11) 4000-0000")
        # The keyword list is configurable: INFO removed, it is an ordinary message then.
        self.env["ir.config_parameter"].sudo().set_param("crm_messaging.help_keywords", "HELP, AJUDA")
        self.post_quo(quo_event(event_id="EVhelp3", message_id="AChelp3", **{"from": HELP_NUMBER, "body": "info"}))
        self.assertEqual(self.env["messaging.outbound"].search_count([("recipient", "=", HELP_NUMBER)]), 2)
        self.assertNotEqual(CUSTOMER_PHONE, HELP_NUMBER)
