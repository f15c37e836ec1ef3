"""The tool-use loop and every stop reason and API error, against the fake Messages API."""

import json

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import ANTHROPIC_KEY, AiCase
from .fake_anthropic import error, message, text, text_block, tool_use, use_block


@tagged("post_install", "-at_install")
class TestLoop(AiCase, TransactionCase):
    def reply(self, body, partner=None):
        """Log an inbound message without running its job; run the job in a savepoint (as
        queue_job's rollback would on failure) and return what it did."""
        message = self.inbound(partner or self.bob, body, perform=False)
        conversation = self.conversation(partner or self.bob)
        with self.env.cr.savepoint():
            return conversation._ai_reply(message)

    def test_single_tool_call(self):
        self.fake.script(tool_use(("search_records", {"model": "product.product", "filters": [
            ["name", "ilike", "cimento"]]})), text("Cimento CP-II: R$ 39,90."))
        self.assertEqual(self.reply("Preço do cimento?"), "answered")
        rows = json.loads(self.tool_results(1)[0]["content"])["rows"]
        self.assertEqual([(row["name"], row["list_price"]) for row in rows], [("Cimento CP-II 50kg", 39.9)])
        self.assertEqual(self.sent(self.bob), ["Cimento CP-II: R$ 39,90."])

    def test_parallel_tool_calls(self):
        self.fake.script(
            tool_use(("search_records", {"model": "sale.order"}), ("search_records", {"model": "stock.picking"})),
            text("Order confirmed, delivery ready."))
        self.assertEqual(self.reply("Where is my order?"), "answered")
        results = self.tool_results(1)
        self.assertEqual(len(results), 2)
        uses = self.fake.calls()[1]["messages"][-2]["content"]
        self.assertEqual([r["tool_use_id"] for r in results], [u["id"] for u in uses])
        pickings = json.loads(results[1]["content"])["rows"]
        self.assertEqual([p["origin"] for p in pickings], [self.bob_order.name])

    def test_iteration_cap(self):
        self.company.ai_max_iterations = 3
        looping = tool_use(("search_records", {"model": "sale.order"}))
        self.fake.script(looping, looping, looping, looping)
        self.assertEqual(self.reply("Where is my order?"), "handoff")
        self.assertEqual(self.fake.count(), 3)
        self.assertEqual(self.conversation(self.bob).intent, "unsure")
        usage = self.env["ai.usage"].search([("partner_id", "=", self.bob.id)])
        self.assertEqual(set(usage.mapped("outcome")), {"iteration_cap"})

    def test_tool_error_goes_back_to_the_model(self):
        self.fake.script(tool_use(("search_records", {"model": "res.partner", "fields": ["phone"]})),
                         tool_use(("search_records", {"model": "sale.order", "fields": ["amount_untaxed"]})),
                         tool_use(("search_records", {"model": "sale.order", "filters": [
                             ["amount_total", ">", "lots"]]})),
                         tool_use(("no_such_tool", {})),
                         text("Sorry, I cannot look that up."))
        self.assertEqual(self.reply("List customers"), "answered")
        for index, expected in ((1, "model 'res.partner' is not available"),
                                (2, "field(s) not available: amount_untaxed"),
                                (3, "invalid filter"), (4, "unknown tool")):
            [result] = self.tool_results(index)
            self.assertTrue(result["is_error"])
            content = json.loads(result["content"])
            self.assertIn(expected, content["error"])
            self.assertEqual(content["rows"], [])

    def test_stop_reasons(self):
        cases = [
            ("end_turn", text("Hi!"), "answered", ["Hi!"]),
            ("stop_sequence", text("Hi there", stop_reason="stop_sequence"), "answered", ["Hi there"]),
            ("max_tokens", text("A very long and cut", stop_reason="max_tokens"), "handoff", []),
            ("refusal", text("", stop_reason="refusal"), "handoff", []),
            ("model_context_window_exceeded", text("", stop_reason="model_context_window_exceeded"), "handoff", []),
        ]
        for index, (stop, reply, result, sent) in enumerate(cases):
            with self.subTest(stop=stop):
                customer = self.env["res.partner"].create({"name": f"Stop {index}", "phone": f"+1555555100{index}"})
                self.fake.script(reply)
                self.assertEqual(self.reply("Hello", customer), result)
                self.assertEqual(self.sent(customer), sent)
                usage = self.env["ai.usage"].search([("partner_id", "=", customer.id)])
                self.assertEqual(usage.stop_reason, stop)

    def test_pause_turn_is_continued(self):
        paused = message(text_block("Looking it up"), stop_reason="pause_turn")
        self.fake.script(paused, text("Done: it ships tomorrow."))
        self.assertEqual(self.reply("When does it ship?"), "answered")
        second = self.fake.calls()[1]["messages"]
        self.assertEqual(second[-1], {"role": "assistant", "content": [{"type": "text", "text": "Looking it up"}]})
        self.assertEqual(self.sent(self.bob), ["Done: it ships tomorrow."])

    def test_retryable_errors_then_success(self):
        for status, kind in ((429, "rate_limit_error"), (529, "overloaded_error"), (500, "api_error")):
            with self.subTest(status=status):
                customer = self.env["res.partner"].create({"name": f"Retry {status}", "phone": f"+155555520{status}"})
                self.fake.script(error(status, kind, "try later", retry_after=7 if status == 429 else None),
                                 text("Back online."))
                message = self.inbound(customer, "Hello", perform=False)
                conversation = self.conversation(customer)
                with self.assertRaises(RetryableJobError) as caught, self.env.cr.savepoint():
                    conversation._ai_reply(message)
                self.assertEqual(caught.exception.seconds, 7 if status == 429 else None)
                self.assertNotIn(ANTHROPIC_KEY, str(caught.exception))
                self.assertFalse(self.sent(customer))
                self.assertEqual(conversation._ai_reply(message), "answered")  # the job's next attempt
                self.assertEqual(self.sent(customer), ["Back online."])

    def test_network_failure_is_retryable(self):
        self.company.ai_base_url = "http://127.0.0.1:9"  # nothing listens on the discard port
        message = self.inbound(self.bob, "Hello", perform=False)
        with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
            self.conversation(self.bob)._ai_reply(message)

    def test_client_errors_are_not_retried(self):
        self.fake.script(error(401, "authentication_error", "invalid x-api-key"))
        self.assertEqual(self.reply("Hello"), "handoff")
        self.assertEqual(self.fake.count(), 1)
        self.assertIn("authentication_error", self.conversation(self.bob).handoff_reason)

    def test_context_window_exceeded_400(self):
        self.fake.script(error(400, "invalid_request_error", "prompt is too long: 212000 tokens > 200000 maximum"))
        self.assertEqual(self.reply("Hello"), "handoff")
        self.assertEqual(self.fake.count(), 1)
        self.assertEqual(self.env["ai.usage"].search([("partner_id", "=", self.bob.id)]).outcome,
                         "context_exceeded")

    def test_sdk_settings(self):
        self.fake.script(message(use_block("search_records", {"model": "sale.order"}), stop_reason="tool_use"),
                         text("ok"))
        self.reply("Hello")
        request = self.fake.received("POST", "/v1/messages")[0]
        self.assertEqual(request.header("x-stainless-retry-count"), "0")
        self.assertEqual(request.header("anthropic-version"), "2023-06-01")

    def test_timeout(self):
        self.company.ai_timeout = 1
        self.fake.script(text("too late", delay=1.5))
        message = self.inbound(self.bob, "Hello", perform=False)
        with self.assertRaises(RetryableJobError) as caught, self.env.cr.savepoint():
            self.conversation(self.bob)._ai_reply(message)
        self.assertIn("timeout", str(caught.exception))
