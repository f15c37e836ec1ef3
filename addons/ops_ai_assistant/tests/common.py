"""Shared set-up of the AI assistant tests: the encryption keys, a fake Anthropic API on
127.0.0.1 (``base_url``), two customers with their own orders, deliveries and invoices,
and an SMS channel with the assistant enabled."""

import base64

from odoo.addons.crm_messaging.tests.common import MessagingKeyMixin
from odoo.addons.ops_base.tests.secret_key import use_secret_key
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools import secret_box
from .fake_anthropic import FakeAnthropic

AI_TEST_KEY = base64.b64encode(b"ops_ai_assistant test key 32 by!").decode()
ANTHROPIC_KEY = "sk-ant-api03-test-key-never-sent-anywhere-0123456789"


class AiCase(MessagingKeyMixin):
    """Mixin for TransactionCase / HttpCase classes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_secret_key(cls, secret_box, AI_TEST_KEY)
        cls.fake = FakeAnthropic().start()
        cls.addClassCleanup(cls.fake.stop)
        cls.company = cls.env.company
        cls.configure(cls.company)
        cls.assistant_user = cls.env.ref("ops_ai_assistant.user_ai_assistant")
        cls.bot = cls.env.ref("ops_ai_assistant.partner_ai_assistant")
        cls.salesperson = cls.env["res.users"].create({
            "name": "Sally Sales", "login": "ai_sally", "email": "sally@example.com",
            "group_ids": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])],
        })
        Partner = cls.env["res.partner"]
        cls.alice = Partner.create({"name": "Alice Almeida", "phone": "+5511999990001",
                                    "user_id": cls.salesperson.id, "email": "alice@example.com"})
        cls.bob = Partner.create({"name": "Bob Brown", "phone": "+5521999990002", "email": "bob@example.com"})
        cls.product = cls.env["product.product"].create({"name": "Cimento CP-II 50kg", "list_price": 39.9,
                                                         "type": "consu", "sale_ok": True})
        cls.secret_product = cls.env["product.product"].create({"name": "Internal part", "list_price": 1.0,
                                                                "sale_ok": False})
        cls.alice_order = cls.make_order(cls.alice, confirm=True)
        cls.bob_order = cls.make_order(cls.bob, confirm=True)
        cls.channel = cls.make_channel("quo", ai_enabled=True)
        cls.rule = cls.env["ai.rule"].create({
            "name": "Delivery days", "audience": "customer", "company_id": cls.company.id,
            "text": "We deliver Monday to Friday. Payment: 28 days.",
        })

    @classmethod
    def configure(cls, company, **values):
        company.write({"ai_base_url": cls.fake.url, "ai_timeout": 5, "ai_monthly_token_budget": 10_000_000,
                       **values})
        company._ai_set_api_key(ANTHROPIC_KEY)

    @classmethod
    def make_order(cls, partner, confirm=False, company=None, product=None):
        order = cls.env["sale.order"].with_company(company or cls.env.company).create({
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": (product or cls.product).id, "product_uom_qty": 3})],
        })
        if confirm:
            order.action_confirm()
        return order

    def setUp(self):
        super().setUp()
        self.fake.reset()

    # Conversations ------------------------------------------------------------------------------
    def inbound(self, partner, body, channel=None, perform=True):
        """Log an inbound SMS of ``partner`` (as the inbox does) and run the jobs it
        enqueues; the message row."""
        channel = channel or self.channel
        with trap_jobs() as trap:
            message = self.env["messaging.message"]._log({
                "channel_id": channel.id, "company_id": channel.company_id.id, "direction": "inbound",
                "address": partner.phone, "body": body, "partner_id": partner.id, "status": "received",
            })
            if perform:
                trap.perform_enqueued_jobs()
        return message

    def conversation(self, partner):
        return self.env["ai.conversation"].search([("partner_id", "=", partner.id)])

    def sent(self, partner):
        """Bodies of the replies queued to ``partner`` through messaging.outbound, in order."""
        return self.env["messaging.outbound"].search(
            [("partner_id", "=", partner.id)], order="id").mapped("body")

    def tool_results(self, call_index):
        """The tool_result blocks the model received in request ``call_index``."""
        last = self.fake.calls()[call_index]["messages"][-1]
        return [block for block in last["content"] if block.get("type") == "tool_result"]

    # The staff chat ----------------------------------------------------------------------------
    def chat(self, user):
        action = self.env["discuss.channel"].with_user(user)._ai_open_chat_action()
        channel_id = int(action["params"]["active_id"].split("_")[-1])
        return self.env["discuss.channel"].browse(channel_id)

    def ask(self, user, body):
        """Post ``body`` as ``user`` in their assistant chat, run the job; the bot's answers."""
        channel = self.chat(user)
        with trap_jobs() as trap:
            channel.with_user(user).message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment")
            trap.perform_enqueued_jobs()
        return channel.message_ids.filtered(lambda m: m.author_id == self.bot).sorted("id")
