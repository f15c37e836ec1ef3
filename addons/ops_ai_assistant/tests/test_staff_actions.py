"""Staff action tools ``propose_message`` and ``propose_reschedule``: checked with the staff
member's rights when proposed, nothing written before "yes", exactly the proposal written
(as the staff member) after it; never offered to customers."""

import json

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import AiCase
from .fake_anthropic import text, tool_use

MESSAGE = "propose_message"
RESCHEDULE = "propose_reschedule"


@tagged("post_install", "-at_install")
class TestStaffActions(AiCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ai = "base.group_user,ops_ai_assistant.group_ai_user"
        cls.staff = new_test_user(cls.env, login="ai_act_staff", groups=ai + (
            ",sales_team.group_sale_salesman_all_leads,stock.group_stock_user,crm_messaging.group_messaging_user"))
        cls.own_leads = new_test_user(cls.env, login="ai_act_own", groups=ai + (
            ",sales_team.group_sale_salesman,crm_messaging.group_messaging_user"))
        cls.clerk = new_test_user(cls.env, login="ai_act_clerk", groups=ai)
        cls.sally_lead = cls.env["crm.lead"].create({"name": "Big cement order", "partner_id": cls.alice.id,
                                                     "user_id": cls.salesperson.id})
        cls.delivery = cls.alice_order.picking_ids
        cls.delivery.scheduled_date = "2029-12-20 13:30:00"

    def outbound(self, partner):
        return self.env["messaging.outbound"].search([("partner_id", "=", partner.id)])

    def propose(self, user, name, tool_input, answer="Shall I? Answer yes."):
        self.fake.script(tool_use((name, tool_input)), text(answer))
        self.ask(user, "Please do it")
        [result] = self.tool_results(1)
        return json.loads(result["content"]), result.get("is_error", False)

    # propose_message ------------------------------------------------------------------------------
    def test_message_needs_confirmation(self):
        body = "Olá Alice, sua entrega sai amanhã cedo."
        result, is_error = self.propose(self.staff, MESSAGE, {"model": "res.partner", "record_id": self.alice.id,
                                                              "body": body, "channel_id": self.channel.id})
        self.assertFalse(is_error, result)
        self.assertEqual(result["channel"], self.channel.name)
        self.assertNotIn(self.alice.phone, json.dumps(self.fake.calls()), "no phone number leaves the server")
        self.assertFalse(self.outbound(self.alice), "nothing sent before the confirmation")
        answers = self.ask(self.staff, "sim")
        outbound = self.outbound(self.alice)
        self.assertEqual(len(outbound), 1)
        self.assertEqual((outbound.body, outbound.recipient, outbound.channel_id, outbound.state),
                         (body, self.alice.phone, self.channel, "queued"))
        self.assertEqual((outbound.user_id, outbound.res_model, outbound.res_id),
                         (self.staff, "res.partner", self.alice.id))
        self.assertIn("queued", answers[-1].body)
        self.assertEqual(self.fake.count(), 2, "the confirmation needs no API call")

    def test_message_from_a_lead_cancelled_by_no(self):
        result, is_error = self.propose(self.staff, MESSAGE, {"model": "crm.lead", "record_id": self.sally_lead.id,
                                                              "body": "Oi"})
        self.assertFalse(is_error, result)
        self.fake.script(text("OK, not sent."))
        self.ask(self.staff, "no")
        self.assertFalse(self.outbound(self.alice))
        self.assertEqual(self.env["ai.pending.action"].search([("action_type", "=", "message")]).state, "cancelled")

    def test_message_to_an_opted_out_customer_is_reported(self):
        self.env["messaging.consent"]._record_consent(self.bob.phone, "quo", "opted_out", "test")
        result, is_error = self.propose(self.staff, MESSAGE, {"model": "res.partner", "record_id": self.bob.id,
                                                              "body": "Promoção!", "channel_id": self.channel.id})
        self.assertFalse(is_error, result)
        self.assertTrue(result["warning"], "the model is told before asking")
        answers = self.ask(self.staff, "yes")
        self.assertEqual(self.outbound(self.bob).state, "blocked")
        self.assertIn("Not sent", answers[-1].body)
        self.assertIn("opted out", answers[-1].body)

    def test_message_needs_the_staff_members_rights(self):
        for user, tool_input in (
            (self.own_leads, {"model": "crm.lead", "record_id": self.sally_lead.id, "body": "Oi"}),  # not their lead
            (self.clerk, {"model": "res.partner", "record_id": self.alice.id, "body": "Oi"}),  # no messaging rights
            (self.staff, {"model": "sale.order", "record_id": self.alice_order.id, "body": "Oi"}),
        ):
            with self.subTest(user=user.login, model=tool_input["model"]):
                self.fake.reset()
                result, is_error = self.propose(user, MESSAGE, tool_input, answer="I cannot.")
                self.assertTrue(is_error)
                self.assertTrue(result["error"])
        self.assertFalse(self.env["ai.pending.action"].search([]))
        self.assertFalse(self.outbound(self.alice))

    # propose_reschedule ---------------------------------------------------------------------------
    def test_reschedule_needs_confirmation(self):
        before = self.delivery.scheduled_date
        result, is_error = self.propose(self.staff, RESCHEDULE, {"record_id": self.delivery.id, "date": "2030-01-15"})
        self.assertFalse(is_error, result)
        self.assertEqual(self.delivery.scheduled_date, before, "nothing written before the confirmation")
        answers = self.ask(self.staff, "Yes!")
        self.assertEqual(fields.Datetime.to_string(self.delivery.scheduled_date), "2030-01-15 13:30:00")
        self.assertEqual(self.delivery.write_uid, self.staff, "written with the staff member's rights")
        if "delivery_date" in self.delivery._fields:  # driver_portal's driver day
            self.assertEqual(fields.Date.to_string(self.delivery.delivery_date), "2030-01-15")
        self.assertIn(f'href="/odoo/stock.picking/{self.delivery.id}"', answers[-1].body)

    def test_reschedule_cancelled_by_no(self):
        before = self.delivery.scheduled_date
        self.propose(self.staff, RESCHEDULE, {"record_id": self.delivery.id, "date": "2030-01-15"})
        self.fake.script(text("Kept."))
        self.ask(self.staff, "não")
        self.assertEqual(self.delivery.scheduled_date, before)

    def test_reschedule_refused_for_closed_deliveries(self):
        self.propose(self.staff, RESCHEDULE, {"record_id": self.delivery.id, "date": "2030-01-15"})
        before = self.delivery.scheduled_date
        self.delivery.action_cancel()  # cancelled between the proposal and the confirmation
        answers = self.ask(self.staff, "sim")
        self.assertIn("cannot be rescheduled", answers[-1].body)
        self.assertEqual(self.delivery.scheduled_date, before)
        self.fake.reset()
        result, is_error = self.propose(self.staff, RESCHEDULE, {"record_id": self.delivery.id, "date": "2030-01-16"})
        self.assertTrue(is_error)
        self.assertIn("cannot be rescheduled", result["error"])

    def test_reschedule_needs_the_staff_members_rights(self):
        receipt = self.env["stock.picking"].search([("picking_type_code", "=", "incoming")], limit=1)
        cases = [(self.clerk, self.delivery.id, "2030-01-15"), (self.staff, self.delivery.id, "2000-01-01"),
                 (self.staff, self.delivery.id, "15/01/2030")]
        if receipt:
            cases.append((self.staff, receipt.id, "2030-01-15"))
        for user, record_id, day in cases:
            with self.subTest(user=user.login, record_id=record_id, day=day):
                self.fake.reset()
                result, is_error = self.propose(user, RESCHEDULE, {"record_id": record_id, "date": day},
                                                answer="I cannot.")
                self.assertTrue(is_error, result)
        self.assertFalse(self.env["ai.pending.action"].search([]))

    # customers ------------------------------------------------------------------------------------
    def test_customers_never_get_action_tools(self):
        self.fake.script(tool_use(
            (MESSAGE, {"model": "res.partner", "record_id": self.bob.id, "body": "spam"}),
            (RESCHEDULE, {"record_id": self.delivery.id, "date": "2030-01-15"}),
            ("propose_activity", {"model": "sale.order", "record_id": self.alice_order.id, "summary": "x"}),
        ), text("Sorry, I cannot do that."))
        before = self.delivery.scheduled_date
        self.inbound(self.alice, "Mande uma mensagem para o Bob e adie minha entrega")
        names = [tool["name"] for tool in self.fake.calls()[0]["tools"]]
        self.assertFalse({MESSAGE, RESCHEDULE, "propose_activity"} & set(names))
        results = self.tool_results(1)
        self.assertEqual(len(results), 3)
        self.assertTrue(all(result["is_error"] for result in results))
        self.assertFalse(self.env["ai.pending.action"].search([]))
        self.assertFalse(self.outbound(self.bob))
        self.assertEqual(self.delivery.scheduled_date, before)
