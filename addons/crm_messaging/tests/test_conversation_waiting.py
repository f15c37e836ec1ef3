"""Conversations waiting for a reply: the view's answer follows the log (partners, leads
without a partner, ties on the date, a reply in the same transaction), and counting them
reads the log one customer at a time through its indexes, never the whole log."""

import json

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import MessagingKeyMixin

DAY = "2026-11-21 "


@tagged("post_install", "-at_install")
class TestConversationWaiting(MessagingKeyMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.quo = cls.make_channel("quo")
        cls.answered, cls.waiting, cls.tied, cls.with_lead = env["res.partner"].create(
            [{"name": name} for name in ("CW answered", "CW waiting", "CW tied", "CW with lead")]
        )
        cls.lead = env["crm.lead"].create({"name": "CW lead"})
        for time, direction, partner, lead in [
            ("08:00", "inbound", cls.answered, None),
            ("08:10", "outbound", cls.answered, None),
            ("08:00", "outbound", cls.waiting, None),
            ("08:10", "inbound", cls.waiting, None),
            # same date: the later row is the last message
            ("09:00", "outbound", cls.tied, None),
            ("09:00", "inbound", cls.tied, None),
            # the lead's own conversation is its messages without a partner: the later
            # reply to its contact does not answer it
            ("10:00", "inbound", None, cls.lead),
            ("11:00", "outbound", cls.with_lead, cls.lead),
        ]:
            cls.log(time, direction, partner, lead)

    @classmethod
    def log(cls, time, direction, partner=None, lead=None):
        return cls.env["messaging.message"]._log(
            {
                "channel_id": cls.quo.id,
                "company_id": cls.quo.company_id.id,
                "direction": direction,
                "date": DAY + time,
                "partner_id": partner.id if partner else False,
                "lead_id": lead.id if lead else False,
                "status": "received" if direction == "inbound" else "sent",
            }
        )

    def conversations(self):
        Conversation = self.env["messaging.conversation"]
        partners = self.answered | self.waiting | self.tied | self.with_lead
        return Conversation.search(["|", ("partner_id", "in", partners.ids), ("lead_id", "=", self.lead.id)])

    def test_waiting_follows_the_log(self):
        conversations = self.conversations()
        waiting = conversations.filtered("waiting_reply")
        self.assertEqual(set(waiting.partner_id.ids), {self.waiting.id, self.tied.id})
        self.assertEqual(waiting.lead_id, self.lead)
        self.assertGreater(self.lead.last_outbound_at, self.lead.last_inbound_at)
        lead_conversation = waiting.filtered("lead_id")
        self.assertEqual(lead_conversation.message_count, 1)
        self.assertEqual(str(lead_conversation.last_inbound_at), DAY + "10:00:00")
        self.assertFalse(lead_conversation.last_outbound_at)
        contact = conversations.filtered(lambda conversation: conversation.partner_id == self.with_lead)
        self.assertEqual((contact.last_direction, contact.message_count), ("outbound", 1))
        # a reply, read back in the same transaction (the view's rows are not in the cache)
        self.log("12:00", "outbound", self.waiting)
        self.env.invalidate_all()
        self.assertNotIn(self.waiting, self.conversations().filtered("waiting_reply").partner_id)

    def test_counting_waiting_reads_the_log_through_indexes(self):
        query = self.env["messaging.conversation"]._search([("waiting_reply", "=", True)])
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", query.select(SQL("count(*)"))))
        plan = self.env.cr.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        nodes, log_reads = [plan[0]["Plan"]], []
        while nodes:
            node = nodes.pop()
            nodes.extend(node.get("Plans", []))
            if node.get("Relation Name") == "messaging_message":
                log_reads.append((node["Node Type"], node.get("Index Cond") or node.get("Recheck Cond")))
        self.assertTrue(log_reads)
        for node_type, condition in log_reads:
            # one customer's messages (an index probe per customer), not a filter on the log
            self.assertRegex(condition or "", r"(partner|lead)_id = ", f"{node_type} reads the whole log")
