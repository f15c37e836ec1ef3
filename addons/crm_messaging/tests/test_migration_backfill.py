"""The 19.0.1.1.0 migration back-fills the conversation log and calls from inbox rows an
earlier version processed (simulated: rows processed now, then their log rows and calls
deleted, as a database of 19.0.1.0.1 has them), without touching the notes, leads,
activities or consent of that time."""

import importlib.util
import json
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import chatwoot_event, quo_event, uazapi_event
from .test_processing import UNKNOWN, ProcessingMixin, quo_call

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "19.0.1.1.0" / "post-migrate.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("crm_messaging_migration_19_0_1_1_0", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrationBackfill(ProcessingMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uazapi = cls.make_channel("uazapi")
        cls.chatwoot = cls.make_channel("chatwoot")

    def store(self, channel, payload):
        inbox = self.env["messaging.inbox"]
        with trap_jobs() as trap:
            rows = inbox.browse()
            for event in channel._parse_payload(payload):
                rows |= inbox._store_event(channel, event, json.dumps(payload))
            trap.perform_enqueued_jobs()
        rows.invalidate_recordset()
        self.assertEqual(rows.mapped("state"), ["done"] * len(rows), rows.mapped("error"))
        return rows

    def test_backfill_recreates_log_and_calls_only(self):
        rows = self.store(self.quo, quo_event(event_id="EVm1", message_id="ACm1", **{"from": UNKNOWN, "body": "STOP"}))
        rows |= self.store(self.quo, quo_call(event_id="EVm2", call_id="ACm2"))
        summary = {
            "id": "EVm3",
            "type": "call.summary.completed",
            "data": {"object": {"callId": "ACm2", "summary": ["Pediu retorno"]}},
        }
        rows |= self.store(self.quo, summary)
        rows |= self.store(self.uazapi, uazapi_event("3EBmig1"))
        rows |= self.store(self.chatwoot, chatwoot_event(7001))
        Message, Call = self.env["messaging.message"], self.env["messaging.call"]
        expected = sorted(
            Message.search([("inbox_id", "in", rows.ids)]).mapped(
                lambda m: (m.inbox_id.id, m.direction, m.address, m.body, m.lead_id.id, m.partner_id.id, m.status)
            )
        )
        self.assertEqual(len(expected), 3)
        lead = self.leads(UNKNOWN)
        state = {
            "notes": self.env["mail.message"].search_count([("model", "=", "crm.lead")]),
            "leads": self.env["crm.lead"].search_count([]),
            "activities": len(lead.activity_ids),
            "consent": self.env["messaging.consent"].search([]).mapped(lambda c: (c.phone, c.state, c.changed_at)),
        }
        # What a database of the previous version has: processed rows, no log, no calls.
        Message.search([("inbox_id", "in", rows.ids)]).unlink()
        Call.search([("channel_id", "=", self.quo.id)]).unlink()
        self.assertFalse(lead.last_inbound_at)

        migration = load_migration()
        self.assertGreaterEqual(migration.backfill_conversation_log(self.env), 5)

        got = sorted(
            Message.search([("inbox_id", "in", rows.ids)]).mapped(
                lambda m: (m.inbox_id.id, m.direction, m.address, m.body, m.lead_id.id, m.partner_id.id, m.status)
            )
        )
        self.assertEqual(got, expected)
        call = Call.search([("provider_call_id", "=", "ACm2")])
        self.assertEqual((len(call), call.missed, call.lead_id), (1, True, lead))
        self.assertIn("Pediu retorno", call.summary)
        self.assertTrue(lead.last_inbound_at)
        self.assertEqual(
            state,
            {
                "notes": self.env["mail.message"].search_count([("model", "=", "crm.lead")]),
                "leads": self.env["crm.lead"].search_count([]),
                "activities": len(lead.activity_ids),
                "consent": self.env["messaging.consent"].search([]).mapped(lambda c: (c.phone, c.state, c.changed_at)),
            },
            "no note, lead, activity or consent change",
        )
        # Run again (a re-run migration): nothing more.
        migration.backfill_conversation_log(self.env)
        self.assertEqual(len(Message.search([("inbox_id", "in", rows.ids)])), 3)
        self.assertEqual(len(Call.search([("provider_call_id", "=", "ACm2")])), 1)
