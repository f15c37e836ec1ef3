"""The Operations Assistant in Discuss: a staff member's message → job as that member →
answer posted by the assistant, with links; look-ups with the member's own rights."""

import json

from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import AiCase
from .fake_anthropic import text, tool_use


@tagged("post_install", "-at_install")
class TestStaffChat(AiCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env, login="ai_staff", groups="base.group_user,ops_ai_assistant.group_ai_user,"
                                              "sales_team.group_sale_salesman_all_leads,stock.group_stock_user")
        cls.clerk = new_test_user(cls.env, login="ai_clerk", groups="base.group_user,ops_ai_assistant.group_ai_user")
        cls.outsider = new_test_user(cls.env, login="ai_outsider", groups="base.group_user")
        cls.env["ai.rule"].create({"name": "Staff tone", "audience": "staff", "company_id": cls.company.id,
                                   "text": "STAFF-RULE: answer in bullet points."})

    def test_answer_with_links_as_the_staff_member(self):
        late = self.alice_order.picking_ids
        self.fake.script(
            tool_use(("search_records", {"model": "stock.picking", "filters": [["state", "not in", ["done", "cancel"]],
                                                                              ["origin", "=", self.alice_order.name]],
                                         "fields": ["name", "partner_id", "scheduled_date"]})),
            text(f"Late today:\n- [{late.name}](/odoo/stock.picking/{late.id}) for **Alice**\n<script>x</script>"))
        [answer] = self.ask(self.staff, "Which deliveries are late today?")
        self.assertIn(f'<a href="/odoo/stock.picking/{late.id}">{late.name}</a>', answer.body)
        self.assertIn("<b>Alice</b>", answer.body)
        self.assertNotIn("<script>", answer.body)
        rows = json.loads(self.tool_results(1)[0]["content"])["rows"]
        self.assertIn(late.id, [row["id"] for row in rows])
        self.assertIn(f"/odoo/stock.picking/{late.id}", [row["url"] for row in rows])
        first = self.fake.calls()[0]
        self.assertIn("STAFF-RULE", first["system"][0]["text"])
        self.assertNotIn("We deliver Monday to Friday", first["system"][0]["text"], "customer rules stay out")
        self.assertNotIn("handoff", [tool["name"] for tool in first["tools"]])
        usage = self.env["ai.usage"].search([("user_id", "=", self.staff.id)])
        self.assertEqual(usage.mapped("audience"), ["staff", "staff"])

    def test_tools_use_the_staff_members_rights(self):
        self.fake.script(tool_use(("search_records", {"model": "sale.order"})), text("I cannot see orders."))
        [answer] = self.ask(self.clerk, "Show me the orders")
        [result] = self.tool_results(1)
        self.assertTrue(result["is_error"])
        self.assertEqual(json.loads(result["content"]), {"error": "access denied", "rows": []})
        self.assertIn("I cannot see orders.", answer.body)

    def test_conversation_history(self):
        self.fake.script(text("Hello!"), text("Still here."))
        self.ask(self.staff, "Hi")
        self.ask(self.staff, "Are you there?")
        messages = self.fake.calls()[1]["messages"]
        self.assertEqual([(m["role"], m["content"]) for m in messages],
                         [("user", "Hi"), ("assistant", "Hello!"), ("user", "Are you there?")])

    def test_not_for_users_without_the_group(self):
        channel = self.chat(self.outsider)
        with trap_jobs() as trap:
            channel.with_user(self.outsider).message_post(body="Hi", message_type="comment",
                                                          subtype_xmlid="mail.mt_comment")
            trap.assert_jobs_count(0)

    def test_budget_and_switch(self):
        self.company.ai_monthly_token_budget = 0
        [answer] = self.ask(self.staff, "Hi")
        self.assertIn("budget", answer.body)
        self.company.ai_staff_enabled = False
        answers = self.ask(self.staff, "Hi")
        self.assertIn("turned off", answers[-1].body)
        self.assertEqual(self.fake.count(), 0)

    def test_stop_reasons_for_staff(self):
        self.fake.script(text("Partial answ", stop_reason="max_tokens"), text("", stop_reason="refusal"))
        [cut] = self.ask(self.staff, "Long question")
        self.assertIn("Partial answ", cut.body)
        self.assertIn("cut short", cut.body)
        answers = self.ask(self.staff, "Bad question")
        self.assertIn("cannot help", answers[-1].body)

    def test_proposed_activity_needs_confirmation(self):
        order = self.alice_order
        propose = ("propose_activity", {"model": "sale.order", "record_id": order.id,
                                        "summary": "Call Alice about the delivery", "date_deadline": "2030-01-15"})
        self.fake.script(tool_use(propose), text("Shall I create it? Answer yes."))
        self.ask(self.staff, "Remind me to call Alice about her order")
        self.assertEqual(json.loads(self.tool_results(1)[0]["content"])["proposed"], True)
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "sale.order"), ("res_id", "=", order.id), ("summary", "like", "Call Alice")]
        self.assertFalse(Activity.search(domain), "nothing before the confirmation")
        answers = self.ask(self.staff, "Sim!")
        activity = Activity.search(domain)
        self.assertEqual(activity.user_id, self.staff)
        self.assertEqual(activity.create_uid, self.staff, "created with the staff member's rights")
        self.assertEqual(str(activity.date_deadline), "2030-01-15")
        self.assertIn(f'href="/odoo/sale.order/{order.id}"', answers[-1].body)
        self.assertEqual(self.fake.count(), 2, "the confirmation needs no API call")

    def test_proposal_cancelled_by_anything_else(self):
        propose = ("propose_activity", {"model": "sale.order", "record_id": self.bob_order.id, "summary": "Chase"})
        self.fake.script(tool_use(propose), text("Confirm?"), text("OK, cancelled."))
        self.ask(self.staff, "Remind me to chase Bob")
        self.ask(self.staff, "No, forget it")
        self.assertFalse(self.env["mail.activity"].search([("summary", "=", "Chase")]))
        self.assertEqual(self.env["ai.pending.action"].search([("summary", "=", "Chase")]).state, "cancelled")
        self.assertEqual(self.fake.count(), 3, "the other answer goes to the model")

    def test_proposal_checks_the_staff_members_rights(self):
        propose = ("propose_activity", {"model": "sale.order", "record_id": self.bob_order.id, "summary": "Chase"})
        self.fake.script(tool_use(propose), text("I cannot."))
        self.ask(self.clerk, "Remind me to chase Bob")
        [result] = self.tool_results(1)
        self.assertTrue(result["is_error"])
        self.assertFalse(self.env["ai.pending.action"].search([]))
