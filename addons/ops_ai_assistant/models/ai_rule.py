"""Business rules: what the assistant may say and do (prices policy, delivery areas and days,
payment terms, tone, languages, escalation cases), per company, channel and audience.

Versioned: creating a rule and every change of its text write an ``ai.rule.version`` (an
immutable snapshot); each answer records the versions it was given (``ai.usage``).
Managers edit rules; versions are written by this code only.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

SYSTEM_FIELDS = {"version", "current_version_id", "version_ids"}


class AiRule(models.Model):
    _name = "ai.rule"
    _description = "AI Business Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    audience = fields.Selection(
        [("customer", "Customers"), ("staff", "Staff"), ("both", "Customers and staff")],
        required=True, default="customer", tracking=True)
    channel_ids = fields.Many2many(
        "messaging.channel", string="Channels", help="Customer channels this rule applies to; empty: all of them.")
    text = fields.Text(required=True, help="Instructions given to the assistant, in plain words.")
    version = fields.Integer(readonly=True, copy=False)
    version_ids = fields.One2many("ai.rule.version", "rule_id", string="Versions", readonly=True)
    current_version_id = fields.Many2one("ai.rule.version", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_system_fields(vals)
        rules = super().create(vals_list)
        rules._new_version()
        return rules

    def write(self, vals):
        self._check_system_fields(vals)
        changed = self.filtered(lambda rule: "text" in vals and rule.text != vals["text"])
        result = super().write(vals)
        changed._new_version()
        return result

    def _check_system_fields(self, vals):
        if not self.env.su and SYSTEM_FIELDS & set(vals):
            raise UserError(self.env._("The version of a business rule is set by the system."))

    def _new_version(self):
        Version = self.env["ai.rule.version"].sudo()
        for rule in self:
            number = rule.version + 1
            version = Version.create({"rule_id": rule.id, "number": number, "text": rule.text})
            super(AiRule, rule.sudo()).write({"version": number, "current_version_id": version.id})
        return True

    @api.model
    def _ai_applicable(self, company, audience, channel=None):
        """The active rules for ``audience`` ('customer' / 'staff') in ``company`` (and, for
        customers, ``channel``), in order."""
        domain = [("company_id", "=", company.id), ("audience", "in", (audience, "both"))]
        rules = self.sudo().search(domain)
        if channel:
            rules = rules.filtered(lambda rule: not rule.channel_ids or channel in rule.channel_ids)
        return rules


class AiRuleVersion(models.Model):
    _name = "ai.rule.version"
    _description = "AI Business Rule Version"
    _order = "rule_id, number desc"

    rule_id = fields.Many2one("ai.rule", required=True, index=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    number = fields.Integer(required=True, readonly=True)
    text = fields.Text(required=True, readonly=True)
    author_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)

    @api.depends("rule_id", "number")
    def _compute_display_name(self):
        for version in self:
            version.display_name = f"{version.rule_id.name} v{version.number}"
