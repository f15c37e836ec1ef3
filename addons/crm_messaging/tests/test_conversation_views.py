"""Conversations, thread, calls, activity report and first-response medians computed from
the log; who may read them (over RPC); every new view loads."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import MessagingKeyMixin

DAY = "2026-11-20 "


@tagged("post_install", "-at_install")
class TestConversationViews(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.quo = cls.make_channel("quo")
        cls.seller = new_test_user(env, login="cv_seller", groups="crm_messaging.group_messaging_user")
        cls.manager = new_test_user(env, login="cv_manager", groups="crm_messaging.group_messaging_manager")
        cls.employee = new_test_user(env, login="cv_employee", groups="base.group_user")
        cls.partner = env["res.partner"].create({"name": "Bia Lima", "phone": "+5511911112222"})
        cls.lead = env["crm.lead"].create({"name": "Lead sem contato", "user_id": cls.seller.id})
        log = env["messaging.message"]._log
        base = {"channel_id": cls.quo.id, "company_id": cls.quo.company_id.id}
        # Bia: two customer turns, answered after 30 and 60 minutes (11:05 continues a turn).
        for time, direction in [
            ("10:00", "inbound"),
            ("10:30", "outbound"),
            ("11:00", "inbound"),
            ("11:05", "inbound"),
            ("12:00", "outbound"),
        ]:
            log(
                {
                    **base,
                    "direction": direction,
                    "date": DAY + time,
                    "partner_id": cls.partner.id,
                    "body": f"{direction} {time}",
                    "status": "received" if direction == "inbound" else "sent",
                }
            )
        # The lead: one unanswered message.
        log(
            {
                **base,
                "direction": "inbound",
                "date": DAY + "09:00",
                "lead_id": cls.lead.id,
                "body": "Alguém?",
                "status": "received",
            }
        )
        Call = env["messaging.call"]
        for call_id, direction, answered in [
            ("C1", "inbound", False),
            ("C2", "inbound", True),
            ("C3", "outbound", True),
        ]:
            Call._upsert(
                cls.quo,
                call_id,
                {
                    "direction": direction,
                    "answered": answered,
                    "started_at": DAY + "10:00",
                    "partner_id": cls.partner.id,
                    "duration": 60 if answered else 0,
                },
            )

    def test_conversations_and_thread(self):
        Conversation = self.env["messaging.conversation"].with_user(self.seller)
        bia = Conversation.search([("partner_id", "=", self.partner.id)])
        lead = Conversation.search([("lead_id", "=", self.lead.id)])
        self.assertEqual((bia.id, lead.id), (self.partner.id * 2, self.lead.id * 2 + 1))
        self.assertFalse(bia.waiting_reply)
        self.assertEqual((bia.message_count, bia.last_message, bia.channel_id), (5, "outbound 12:00", self.quo))
        self.assertEqual(bia.message_ids.mapped("body")[0], "inbound 10:00", "the thread reads oldest first")
        self.assertEqual(len(bia.call_ids), 3)
        self.assertTrue(lead.waiting_reply)
        self.assertEqual((lead.user_id, lead.customer_name), (self.seller, "Lead sem contato"))
        self.assertEqual(Conversation.search([("id", "in", [bia.id, lead.id])])[0], lead, "waiting first")
        calls = (
            self.env["messaging.call"].with_user(self.seller).search([("provider_call_id", "in", ["C1", "C2", "C3"])])
        )
        self.assertEqual(calls.filtered("missed").provider_call_id, "C1")

    def test_activity_report_and_median(self):
        Report = self.env["messaging.activity.report"].with_user(self.manager)
        domain = [("channel_id", "=", self.quo.id)]
        [(messages, calls, missed, rate, response)] = Report._read_group(
            domain,
            [],
            ["message_count:sum", "call_count:sum", "missed_count:sum", "missed_rate:avg", "first_response:avg"],
        )
        self.assertEqual((messages, calls, missed, rate, response), (6, 3, 1, 50.0, 45.0))
        by_direction = dict(Report._read_group([*domain, ("kind", "=", "message")], ["direction"], ["__count"]))
        self.assertEqual(by_direction, {"inbound": 4, "outbound": 2})
        stats = self.env["messaging.response.time"].with_user(self.manager).search([("channel_id", "=", self.quo.id)])
        self.assertEqual(len(stats), 1)
        self.assertEqual((stats.turn_count, stats.answered_count, stats.median_minutes), (3, 2, 45.0))
        self.assertEqual(str(stats.month), "2026-11-01")

    def test_last_contact_fields_follow_the_log(self):
        self.assertEqual(str(self.partner.last_outbound_at), DAY + "12:00:00")
        self.assertEqual(str(self.partner.last_inbound_at), DAY + "11:05:00")
        self.assertEqual(self.lead.last_inbound_channel_id, self.quo)
        self.assertFalse(self.lead.last_outbound_at)

    def test_views_load_for_their_users(self):
        for model, user in [
            ("messaging.message", self.seller),
            ("messaging.call", self.seller),
            ("messaging.conversation", self.seller),
            ("messaging.activity.report", self.manager),
            ("messaging.response.time", self.manager),
        ]:
            action = self.env["ir.actions.act_window"].search([("res_model", "=", model)], limit=1)
            modes = [(False, mode) for mode in action.view_mode.split(",")] + [(False, "search")]
            views = self.env[model].with_user(user).get_views(modes)
            self.assertEqual(set(views["views"]), {mode for _id, mode in modes}, model)

    @mute_logger("odoo.http")
    def test_rpc_read_denied_outside_the_groups(self):
        def call(login, model, method, args, kwargs=None):
            self.authenticate(login, login)
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            )

        for model in ("messaging.message", "messaging.call", "messaging.conversation"):
            with self.assertRaises(JsonRpcException, msg=model) as denied:
                call("cv_employee", model, "search_read", [[]], {"fields": ["id"]})
            self.assertIn("AccessError", str(denied.exception.args))
            self.assertTrue(call("cv_seller", model, "search_read", [[]], {"fields": ["id"]}))
        for model in ("messaging.activity.report", "messaging.response.time"):
            with self.assertRaises(JsonRpcException, msg=model):
                call("cv_seller", model, "search_read", [[]], {"fields": ["id"]})
        # Log rows are written by the system only: not even a manager writes or creates one.
        log = self.env["messaging.message"].search([("partner_id", "=", self.partner.id)], limit=1)
        for method, args in (
            ("write", [log.ids, {"body": "forged"}]),
            ("create", [{"body": "x"}]),
            ("unlink", [log.ids]),
        ):
            with self.assertRaises(JsonRpcException, msg=method):
                call("cv_manager", "messaging.message", method, args)
        self.assertNotEqual(log.body, "forged")
