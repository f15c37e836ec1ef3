"""Customer auto-reply: inbound SMS → job → Claude (fake API) → reply through
messaging.outbound, or a hand-off to the salesperson."""

import json

from odoo.tests import TransactionCase, tagged

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import ANTHROPIC_KEY, AiCase
from .fake_anthropic import text, tool_use


@tagged("post_install", "-at_install")
class TestCustomerReply(AiCase, TransactionCase):
    def test_answer_with_tool_and_history(self):
        self.fake.script(
            tool_use(("search_records", {"model": "sale.order", "fields": ["name", "state"]})),
            text("Seu pedido está confirmado."),
        )
        self.inbound(self.alice, "Oi, e o meu pedido?")
        self.assertEqual(self.sent(self.alice), ["Seu pedido está confirmado."])
        first, _second = self.fake.calls()
        # the request: model, limits, cached prefix, conversation, no key in the body
        self.assertEqual(first["model"], "claude-sonnet-4-5")
        self.assertEqual(first["max_tokens"], 1024)
        self.assertEqual(first["system"][0]["cache_control"], {"type": "ephemeral"})
        self.assertIn("We deliver Monday to Friday", first["system"][0]["text"])
        self.assertEqual(first["tools"][-1]["cache_control"], {"type": "ephemeral"})
        self.assertEqual(first["messages"], [{"role": "user", "content": "Oi, e o meu pedido?"}])
        request = self.fake.received("POST", "/v1/messages")[0]
        self.assertEqual(request.header("x-api-key"), ANTHROPIC_KEY)
        self.assertNotIn(ANTHROPIC_KEY, json.dumps(first))
        # the tool ran as the customer: only Alice's order
        rows = json.loads(self.tool_results(1)[0]["content"])["rows"]
        self.assertEqual([row["name"] for row in rows], [self.alice_order.name])
        # the reply: queued to Alice's number, chatter trace by the assistant, usage logged
        outbound = self.env["messaging.outbound"].search([("partner_id", "=", self.alice.id)])
        self.assertEqual(outbound.recipient, self.alice.phone)
        self.assertEqual(outbound.mail_message_id.author_id, self.bot)
        usage = self.env["ai.usage"].search([("partner_id", "=", self.alice.id)], order="id")
        self.assertEqual(usage.mapped("stop_reason"), ["tool_use", "end_turn"])
        self.assertEqual(usage[0].tool_names, "search_records")
        self.assertIn(self.rule.current_version_id, usage[0].rule_version_ids)
        self.assertEqual(self.conversation(self.alice).answer_count, 1)

    def test_history_goes_to_the_model(self):
        self.fake.script(text("Olá!"), text("Temos sim."))
        self.inbound(self.alice, "Olá")
        self.inbound(self.alice, "Vocês têm cimento?")
        messages = self.fake.calls()[1]["messages"]
        self.assertEqual([m["role"] for m in messages], ["user", "assistant", "user"])
        self.assertEqual(messages[-1]["content"], "Vocês têm cimento?")

    def test_rule_versions(self):
        first = self.rule.current_version_id
        self.rule.text = "We deliver Monday to Saturday."
        self.assertEqual(self.rule.version, 2)
        self.assertNotEqual(self.rule.current_version_id, first)
        self.rule.name = "Renamed"  # not a new version: the text did not change
        self.assertEqual(self.rule.version, 2)
        self.fake.script(text("Sim, de segunda a sábado."))
        self.inbound(self.alice, "Entregam sábado?")
        self.assertIn("Monday to Saturday", self.fake.calls()[0]["system"][0]["text"])
        usage = self.env["ai.usage"].search([("partner_id", "=", self.alice.id)])
        self.assertIn(self.rule.current_version_id, usage.rule_version_ids)
        self.assertNotIn(first, usage.rule_version_ids)

    def test_cached_tokens_recorded(self):
        self.fake.script(text("Oi!", cache_creation=900), text("Oi de novo!", cache_read=900))
        self.inbound(self.alice, "Oi")
        self.inbound(self.alice, "Oi?")
        usage = self.env["ai.usage"].search([("partner_id", "=", self.alice.id)], order="id")
        self.assertEqual(usage.mapped("cache_creation_tokens"), [900, 0])
        self.assertEqual(usage.mapped("cache_read_tokens"), [0, 900])
        self.assertGreater(usage[0].cost, usage[1].cost)

    def test_disabled_channel_is_not_answered(self):
        channel = self.make_channel("uazapi", ai_enabled=False)
        self.inbound(self.alice, "Oi", channel=channel)
        self.assertEqual(self.fake.count(), 0)
        self.assertFalse(self.conversation(self.alice))

    def test_quiet_when_a_person_replied(self):
        message = self.inbound(self.alice, "Oi", perform=False)
        self.env["messaging.outbound"]._queue([{"channel_id": self.channel.id, "recipient": self.alice.phone,
                                                "body": "Oi Alice, aqui é a Sally.", "partner_id": self.alice.id}])
        self.assertEqual(self.conversation(self.alice)._ai_reply(message), "superseded")
        self.assertEqual(self.fake.count(), 0)

    def test_opted_out_customer_costs_nothing(self):
        self.env["messaging.consent"]._record_consent(self.bob.phone, "quo", "opted_out", "test")
        self.fake.script(text("Hello"))
        self.inbound(self.bob, "Hello?")
        self.assertEqual(self.fake.count(), 0)
        self.assertFalse(self.sent(self.bob))

    def test_older_message_is_superseded(self):
        self.fake.script(text("Respondo tudo."))
        first = self.inbound(self.alice, "Oi", perform=False)
        self.inbound(self.alice, "Tem cimento?")
        conversation = self.conversation(self.alice)
        self.assertEqual(conversation._ai_reply(first), "superseded")
        self.assertEqual(self.fake.count(), 1)


@tagged("post_install", "-at_install")
class TestHandoff(AiCase, TransactionCase):
    def assert_handed_off(self, partner, intent):
        conversation = self.conversation(partner)
        self.assertEqual(conversation.state, "handoff")
        self.assertEqual(conversation.intent, intent)
        activity = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, partner.user_id or self.env.ref("base.user_admin"))
        return conversation

    def test_person_requested_pt_br(self):
        self.inbound(self.alice, "Quero falar com um atendente, por favor")
        self.assert_handed_off(self.alice, "human_request")
        self.assertEqual(self.fake.count(), 0, "an explicit request needs no API call")
        self.assertFalse(self.sent(self.alice))

    def test_cancel_en_then_silent_until_released(self):
        self.inbound(self.bob, "I want to cancel my order")
        conversation = self.assert_handed_off(self.bob, "cancellation")
        self.fake.script(text("Hello again"))
        self.inbound(self.bob, "Hello?")
        self.assertEqual(self.fake.count(), 0, "silent while handed off")
        self.assertFalse(self.sent(self.bob))
        conversation.action_release()
        self.inbound(self.bob, "Hello?")
        self.assertEqual(self.sent(self.bob), ["Hello again"])

    def test_model_hands_off_complaint(self):
        self.fake.script(tool_use(("handoff", {"intent": "complaint", "reason": "Late delivery, angry"})))
        self.inbound(self.alice, "Meu pedido chegou quebrado de novo!!")
        conversation = self.assert_handed_off(self.alice, "complaint")
        self.assertEqual(conversation.handoff_reason, "Late delivery, angry")
        self.assertEqual(conversation.user_id, self.salesperson)

    def test_budget_exceeded_no_api_call(self):
        self.company.ai_monthly_token_budget = 100
        self.env["ai.usage"].sudo().create({"company_id": self.company.id, "audience": "customer",
                                            "input_tokens": 90, "output_tokens": 20})
        self.inbound(self.alice, "Qual o preço do cimento?")
        self.assertEqual(self.fake.count(), 0)
        self.assert_handed_off(self.alice, "budget")

    def test_refusal_hands_off(self):
        self.fake.script(text("", stop_reason="refusal"))
        self.inbound(self.bob, "Tell me something awful")
        self.assert_handed_off(self.bob, "unsure")
        self.assertFalse(self.sent(self.bob))

    def test_chatwoot_conversation_opened_for_the_agents(self):
        path = r"/api/v1/accounts/7/conversations/4242/toggle_status"
        with FakeHTTPServer() as chatwoot:
            chatwoot.queue("POST", path, Reply(status=503), Reply(json={
                "meta": {}, "payload": {"success": True, "current_status": "open", "conversation_id": 4242}}))
            channel = self.make_channel("chatwoot", ai_enabled=True, base_url=chatwoot.url, account_ref="7")
            with trap_jobs() as trap:
                self.env["messaging.message"]._log({
                    "channel_id": channel.id, "company_id": channel.company_id.id, "direction": "inbound",
                    "address": "4242", "body": "Quero falar com um atendente", "partner_id": self.bob.id,
                    "status": "received"})
                trap.perform_enqueued_jobs()  # the reply job: hand-off
                [job] = trap.enqueued_jobs
                with self.assertRaises(RetryableJobError):  # 503: retried by queue_job
                    job.perform()
                self.assertEqual(job.perform(), "open")
            [_first, second] = chatwoot.received("POST", path)
            self.assertEqual(second.json(), {"status": "open"})
            self.assertEqual(second.header("api_access_token"), "sk_live_abcdefghijklmnop1234")
        self.assert_handed_off(self.bob, "human_request")

    def test_automation_rule_triggers_on_the_intent(self):
        """The intent is a stored field: an automation rule can act on cancellations."""
        model = self.env.ref("ops_ai_assistant.model_ai_conversation")
        automation = self.env["base.automation"].create({
            "name": "Escalate cancellations", "trigger": "on_create_or_write", "model_id": model.id,
            "filter_domain": "[('intent', '=', 'cancellation')]",
            "trigger_field_ids": [(6, 0, [self.env.ref("ops_ai_assistant.field_ai_conversation__intent").id])],
        })
        self.env["ir.actions.server"].create({
            "name": "Flag the customer", "base_automation_id": automation.id, "model_id": model.id,
            "state": "code", "code": "record.partner_id.write({'ref': 'CANCELLATION ' + record.intent})",
        })
        self.inbound(self.bob, "I want to cancel my order")
        self.inbound(self.alice, "Quero falar com um atendente")
        self.assertEqual(self.bob.ref, "CANCELLATION cancellation")
        self.assertFalse(self.alice.ref)
