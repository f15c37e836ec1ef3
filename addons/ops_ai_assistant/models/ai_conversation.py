"""The assistant's state per customer conversation (company + customer or lead).

An inbound message on a channel with the assistant enabled enqueues :meth:`_ai_reply`
(see messaging_message.py). The job answers with Claude and queues the reply through
``messaging.outbound`` (consent enforced there; the chatter trace is authored by the
assistant), or hands off: the conversation is assigned to the salesperson with an activity,
``intent`` is recorded (automation rules can trigger on ``state`` / ``intent``), and the
assistant stays silent on it until someone releases it (:meth:`action_release`).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import claude, intents
from .ir_rule import CONTEXT_KEY

INTENTS = [
    ("human_request", "Asked for a person"),
    ("cancellation", "Cancellation"),
    ("complaint", "Complaint"),
    ("unsure", "Assistant not sure"),
    ("budget", "Token budget exceeded"),
    ("unavailable", "Assistant unavailable"),
    ("other", "Other"),
]
ASSISTANT_USER = "ops_ai_assistant.user_ai_assistant"


class AiConversation(models.Model):
    _name = "ai.conversation"
    _description = "AI Assistant Conversation"
    _order = "write_date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", index="btree_not_null", readonly=True)
    channel_id = fields.Many2one("messaging.channel", string="Last Channel", readonly=True)
    address = fields.Char(string="Number / Address", readonly=True,
                          help="The customer's number, address or conversation id on the last channel.")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    state = fields.Selection([("assistant", "Assistant answers"), ("handoff", "Handed off to a person")],
                             default="assistant", required=True, readonly=True, index=True)
    intent = fields.Selection(INTENTS, readonly=True, index=True,
                              help="Why the last hand-off happened; automation rules may trigger on it.")
    handoff_reason = fields.Text(readonly=True)
    handoff_date = fields.Datetime(readonly=True)
    last_answered_message_id = fields.Many2one("messaging.message", readonly=True)
    answer_count = fields.Integer(readonly=True)

    _customer_unique = models.UniqueIndex("(company_id, COALESCE(partner_id, 0), COALESCE(lead_id, 0))")

    @api.depends("partner_id", "lead_id")
    def _compute_display_name(self):
        for conversation in self:
            conversation.display_name = (conversation.partner_id or conversation.lead_id).display_name or "?"

    # Entry point (from messaging.message) -------------------------------------------------------
    @api.model
    def _ai_for_message(self, message):
        """The conversation of an inbound ``message`` (created when new)."""
        key = {"company_id": message.company_id.id, "partner_id": message.partner_id.id or False,
               "lead_id": message.lead_id.id if not message.partner_id else False}
        domain = [(name, "=", value) for name, value in key.items()]
        return self.sudo().search(domain, limit=1) or self.sudo().create(key)

    # The job ------------------------------------------------------------------------------------
    def _ai_reply(self, message):
        """queue_job job: answer inbound ``message`` (or hand off). Returns what it did.

        Runs as the system whoever enqueued it (the inbox job, a webhook): the customer's
        look-ups run in their own, restricted environment (:meth:`_ai_tool_env`)."""
        self.ensure_one()
        return self.sudo()._ai_reply_system(message.sudo())

    def _ai_reply_system(self, message):
        skipped = self._ai_skip(message)
        if skipped:
            return skipped
        self.write({"last_answered_message_id": message.id, "channel_id": message.channel_id.id,
                    "address": message.address})
        handoff = self._ai_handoff_without_model(message)
        if handoff:
            return self._ai_handoff(*handoff)
        outcome = self._ai_answer(message)
        return self._ai_apply(outcome, message)

    def _ai_skip(self, message):
        """Why the assistant stays quiet on ``message`` (no call, no hand-off), else None."""
        if self.state == "handoff":
            return "silent"
        if self.last_answered_message_id.id >= message.id or message != self._ai_latest():
            # answered already, a newer message's job answers all, or a person replied since
            return "superseded"
        if self._ai_reply_blocked(message):
            return "blocked"  # the customer opted out: no reply could be sent
        return None

    def _ai_handoff_without_model(self, message):
        """``(intent, reason)`` of a hand-off decided without the model (explicit request,
        no key, budget used up), else None."""
        body = message.body or ""
        intent = intents.detect(body)
        if intent:
            return intent, self.env._("The customer wrote: %s", body[:300])
        if not self.company_id._ai_api_key():
            return "unavailable", self.env._("No Anthropic API key is configured.")
        if self.env["ai.assistant"]._ai_budget_left(self.company_id) <= 0:
            return "budget", self.env._("The monthly token budget of the assistant is used up.")
        return None

    def _ai_reply_blocked(self, message):
        """Whether a reply to ``message`` would be refused by messaging.outbound (its consent
        rules, asked on an unsaved row: one place for that rule)."""
        probe = self.env["messaging.outbound"].sudo().new({
            "channel_id": message.channel_id.id, "recipient": message.address, "body": "-",
            "partner_id": self.partner_id.id or False,
        })
        return bool(probe._blocked_reason())

    def _ai_latest(self):
        # by id, not date: provider timestamps and the server clock may disagree by seconds
        return self.env["messaging.message"].sudo().search(self._ai_message_domain(), limit=1, order="id desc")

    def _ai_message_domain(self):
        if self.partner_id:
            return [("company_id", "=", self.company_id.id), ("partner_id", "=", self.partner_id.id)]
        return [("company_id", "=", self.company_id.id), ("lead_id", "=", self.lead_id.id)]

    def _ai_answer(self, message):
        company = self.company_id
        rows = self.env["messaging.message"].sudo().search(
            self._ai_message_domain(), limit=company.ai_history_size or 20, order="date desc, id desc")
        history = [("user" if row.direction == "inbound" else "assistant", row.body) for row in reversed(rows)]
        Assistant = self.env["ai.assistant"].with_context(ai_channel_label=message.channel_id.channel_type)
        customer = self.partner_id.commercial_partner_id
        context_text = "\n".join(filter(None, [
            Assistant._ai_now_text(),
            f"Customer: {self.partner_id.name}" if self.partner_id else "",
            f"Customer language: {self.partner_id.lang}" if self.partner_id.lang else "",
        ]))
        return Assistant._ai_run(
            company=company, audience="customer", messages=Assistant._ai_history(history),
            tool_env=self._ai_tool_env(customer), context_text=context_text,
            rules=self.env["ai.rule"]._ai_applicable(company, "customer", message.channel_id),
            log_links={"user_id": self.env.ref(ASSISTANT_USER).id, "partner_id": self.partner_id.id or False,
                       "conversation_id": self.id},
        )

    def _ai_tool_env(self, customer):
        """The environment the customer's tools run in: the assistant user, this company
        only, and the customer's commercial partner as the record-rule scope (ir_rule.py)."""
        user = self.env.ref(ASSISTANT_USER).sudo()
        if self.company_id not in user.company_ids:
            user.write({"company_ids": [fields.Command.link(self.company_id.id)]})
        return self.env(user=user.id, su=False, context={
            CONTEXT_KEY: customer.id or 0, "allowed_company_ids": [self.company_id.id],
            "lang": self._ai_lang(),
        })

    def _ai_lang(self):
        installed = dict(self.env["res.lang"].get_installed())
        return self.partner_id.lang if self.partner_id.lang in installed else "en_US"

    def _ai_apply(self, outcome, message):
        if outcome.kind == claude.ANSWER and outcome.text:
            self._ai_send(outcome.text, message)
            return "answered"
        if outcome.kind == claude.HANDOFF:
            handoff = outcome.handoff or {}
            intent = handoff.get("intent") if handoff.get("intent") in dict(INTENTS) else "other"
            return self._ai_handoff(intent, str(handoff.get("reason") or "")[:500])
        reasons = {
            claude.REFUSAL: self.env._("The assistant declined to answer."),
            claude.TRUNCATED: self.env._("The answer was too long and was not sent."),
            claude.ITERATION_CAP: self.env._("The assistant needed too many look-ups."),
            claude.CONTEXT_EXCEEDED: self.env._("The conversation is too long for the assistant."),
            "error": self.env._("The assistant's API refused the request: %s", outcome.text),
        }
        return self._ai_handoff("unsure", reasons.get(outcome.kind, self.env._("The assistant had no answer.")))

    def _ai_send(self, text, message):
        target = self.lead_id or self.partner_id
        self.env["messaging.outbound"].sudo()._queue([{
            "channel_id": message.channel_id.id,
            "recipient": message.address,
            "body": text,
            "res_model": target._name,
            "res_id": target.id,
            "partner_id": self.partner_id.id or False,
            "user_id": self.env.ref(ASSISTANT_USER).id,
        }])
        self.answer_count += 1

    def _ai_handoff(self, intent, reason):
        """Hand the conversation to the salesperson: activity, note, silence. Returns 'handoff'."""
        target = (self.lead_id or self.partner_id).sudo()
        salesperson = (self.lead_id.user_id or self.partner_id.user_id or self.partner_id.commercial_partner_id.user_id
                       or self.company_id.ai_handoff_user_id or self.env.ref("base.user_admin"))
        self.write({"state": "handoff", "intent": intent, "handoff_reason": reason,
                    "handoff_date": fields.Datetime.now(), "user_id": salesperson.id})
        label = dict(self._fields["intent"]._description_selection(self.env))[intent]
        if self.channel_id and self.address:
            self.channel_id._ai_hand_off_at_provider(self.address)
        if target:
            target.activity_schedule(
                "mail.mail_activity_data_todo", user_id=salesperson.id,
                summary=self.env._("Customer handed off by the assistant: %s", label), note=reason)
        return "handoff"

    # Actions ------------------------------------------------------------------------------------
    def action_release(self):
        """Let the assistant answer these conversations again (salespeople and managers)."""
        self.check_access("read")
        if not self.env.user.has_group("crm_messaging.group_messaging_user"):
            raise AccessError(self.env._("Only messaging users can release a conversation."))
        self.sudo().write({"state": "assistant", "intent": False, "handoff_reason": False})
        return True
