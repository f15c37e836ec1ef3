"""Plain-Python helpers of the inbound side: conversation extraction, keywords, rate GC."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.base.models.ir_autovacuum import is_autovacuum

from ..tools import keywords
from ..tools.chatwoot import chatwoot_message
from ..tools.conversations import UnusableMessage
from ..tools.uazapi import uazapi_message
from .common import MessagingKeyMixin
from .test_processing_conversations import cw_message, wa_message


@tagged("post_install", "-at_install")
class TestConversationTools(MessagingKeyMixin, TransactionCase):
    def test_uazapi_message_shapes(self):
        message = uazapi_message(wa_message("3EBx", fileURL="https://files.example.com/a.jpg"))
        self.assertEqual((message.incoming, message.phone, message.name), (True, "+5511955554444", "Ana Souza"))
        self.assertEqual(message.when, "2025-11-22 04:00:00 UTC")
        self.assertEqual(message.media, ["https://files.example.com/a.jpg"])
        payload = wa_message("3EBy", fromMe=True)
        payload["message"]["chatid"] = "5511955554444:12@s.whatsapp.net"
        self.assertEqual((uazapi_message(payload).incoming, uazapi_message(payload).phone), (False, "+5511955554444"))
        with self.assertRaises(UnusableMessage):
            uazapi_message({"EventType": "messages"})

    def test_chatwoot_message_shapes(self):
        reply = chatwoot_message({**cw_message(1, message_type=1), "created_at": 1763784000})
        self.assertFalse(reply.incoming)
        self.assertEqual((reply.phone, reply.conversation_id), ("+5511999990000", "17"))
        self.assertEqual(reply.when, "2025-11-22 04:00:00 UTC")
        self.assertEqual(chatwoot_message(cw_message(2, message_type=2)).skip, "activity message")
        payload = cw_message(3)
        payload["attachments"] = [{"data_url": "https://cw.example.com/file.pdf"}, {"data_url": "javascript:x"}]
        self.assertEqual(chatwoot_message(payload).media, ["https://cw.example.com/file.pdf"])

    def test_keywords(self):
        self.assertEqual(keywords.parse_keywords(" Pare ,, Fim ", keywords.DEFAULT_OPT_OUT), ("Pare", "Fim"))
        self.assertEqual(keywords.parse_keywords("  ", keywords.DEFAULT_OPT_OUT), keywords.DEFAULT_OPT_OUT)
        self.assertEqual(keywords.classify_reply("Sím."), "confirm")
        self.assertEqual(keywords.classify_reply("sim, quero"), None)
        # A word in two lists opts out: being wrongly kept is worse than wrongly dropped.
        self.assertEqual(keywords.classify_reply("SIM", opt_out=("SIM",)), "opt_out")

    def test_rate_counters_are_collected_after_an_hour(self):
        channel = self.make_channel("quo")
        RateLimit = self.env["messaging.rate.limit"]
        self.assertEqual(RateLimit._hit(channel.id)[0], 1)
        self.assertEqual(RateLimit._hit(channel.id)[0], 2)
        self.env.cr.execute(
            SQL(
                "INSERT INTO messaging_rate_limit (channel_id, window_start, slot, hits) "
                "VALUES (%s, (now() at time zone 'UTC') - interval '2 hours', 1, 5)",
                channel.id,
            )
        )
        # Odoo's daily autovacuum runs it: no cron of our own.
        self.assertTrue(is_autovacuum(type(RateLimit)._gc_windows))
        self.assertFalse(self.env.ref("crm_messaging.ir_cron_messaging_rate_limit_gc", raise_if_not_found=False))
        RateLimit._gc_windows()
        counters = RateLimit.search([("channel_id", "=", channel.id)])
        self.assertEqual(counters.mapped("hits"), [2])
