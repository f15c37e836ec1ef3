"""One row per Messages API call: tokens (input, output, cache read / write), tool calls,
stop reason, latency, a cost estimate, the business-rule versions given, who asked and in
which conversation. Written by the system only; managers read it. No message text, no tool
result and no key is stored here."""

from odoo import api, fields, models


class AiUsage(models.Model):
    _name = "ai.usage"
    _description = "AI Usage"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    audience = fields.Selection([("customer", "Customer"), ("staff", "Staff")], required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Asked By", readonly=True,
                              help="The staff member, or the assistant user for customers.")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index="btree_not_null")
    conversation_id = fields.Many2one("ai.conversation", readonly=True, index="btree_not_null", ondelete="set null")
    discuss_channel_id = fields.Many2one("discuss.channel", string="Discuss Chat", readonly=True, ondelete="set null")
    model = fields.Char(readonly=True)
    input_tokens = fields.Integer(readonly=True, aggregator="sum")
    output_tokens = fields.Integer(readonly=True, aggregator="sum")
    cache_read_tokens = fields.Integer(string="Cached Input Tokens (read)", readonly=True, aggregator="sum")
    cache_creation_tokens = fields.Integer(string="Cached Input Tokens (written)", readonly=True, aggregator="sum")
    tool_calls = fields.Integer(readonly=True, aggregator="sum")
    tool_names = fields.Char(readonly=True)
    stop_reason = fields.Char(readonly=True, index=True)
    outcome = fields.Char(readonly=True, help="What the answer came to (answer, handoff, refusal...).")
    latency_ms = fields.Integer(string="Latency (ms)", readonly=True, aggregator="avg")
    cost = fields.Float(string="Cost Estimate (USD)", digits=(12, 6), readonly=True, aggregator="sum")
    rule_version_ids = fields.Many2many("ai.rule.version", string="Rule Versions", readonly=True)

    @api.model
    def _ai_month_tokens(self, company):
        """Input + output tokens used by ``company`` since the first of this month."""
        start = fields.Date.context_today(self).replace(day=1)
        [(total_in, total_out)] = self.sudo()._read_group(
            [("company_id", "=", company.id), ("date", ">=", start)], aggregates=["input_tokens:sum",
                                                                               "output_tokens:sum"])
        return (total_in or 0) + (total_out or 0)

    @api.model
    def _ai_log(self, outcome, *, company, model, audience, versions, **links):
        """Log each API call (``Turn``) of ``outcome``; ``links``: user_id, partner_id,
        conversation_id, discuss_channel_id."""
        price_in, price_out = company.ai_price_input, company.ai_price_output
        vals_list = []
        for turn in outcome.turns:
            cost = (turn.input_tokens * price_in + turn.output_tokens * price_out
                    + turn.cache_read_tokens * price_in * 0.1 + turn.cache_creation_tokens * price_in * 1.25) / 1e6
            vals_list.append({
                "company_id": company.id, "audience": audience, "model": model,
                "input_tokens": turn.input_tokens, "output_tokens": turn.output_tokens,
                "cache_read_tokens": turn.cache_read_tokens, "cache_creation_tokens": turn.cache_creation_tokens,
                "tool_calls": len(turn.tool_names), "tool_names": ", ".join(turn.tool_names) or False,
                "stop_reason": turn.stop_reason, "outcome": outcome.kind, "latency_ms": turn.latency_ms,
                "cost": cost, "rule_version_ids": [fields.Command.set(versions.ids)], **links,
            })
        return self.sudo().create(vals_list)
