"""The allow-list of the assistant's look-up tools: which models, and which of their
fields, the model may read, for customers and / or staff. Administrators edit it (Settings
→ AI Assistant → Allowed Data).

This is a filter on top of the access rights, never instead of them: a look-up runs with
the asker's rights (staff as themselves, customers as the scoped assistant user, see
ir_rule.py), so an allowed model still shows only the records the asker may read.
"""

from odoo import api, fields, models

AUDIENCES = [("customer", "Customers"), ("staff", "Staff"), ("both", "Customers and staff")]
# Defaults (model -> (audience, fields)); models that are not installed are skipped.
DEFAULTS = {
    "product.product": ("both", ["name", "default_code", "list_price"]),
    "sale.order": ("both", ["name", "state", "date_order", "commitment_date", "amount_total", "partner_id"]),
    "stock.picking": ("both", ["name", "state", "scheduled_date", "date_deadline", "date_done", "origin",
                               "partner_id"]),
    "account.move": ("both", ["name", "state", "payment_state", "invoice_date", "invoice_date_due",
                              "amount_total", "amount_residual", "partner_id"]),
    "rpa.process": ("staff", ["name", "state", "period", "reject_reason", "partner_id", "operator_id"]),
    "rpa.execution": ("staff", ["process_id", "status", "start_date", "end_date", "error", "partner_id"]),
}


class AiAllowedModel(models.Model):
    _name = "ai.allowed.model"
    _description = "AI Allowed Data"
    _order = "model_name, id"

    model_id = fields.Many2one("ir.model", required=True, ondelete="cascade",
                               domain=[("transient", "=", False)])
    model_name = fields.Char(string="Technical Model Name", related="model_id.model", store=True, index=True)
    field_ids = fields.Many2many(
        "ir.model.fields", string="Fields", domain="[('model_id', '=', model_id)]",
        help="The fields the assistant may read and filter on.")
    audience = fields.Selection(AUDIENCES, required=True, default="staff")
    active = fields.Boolean(default=True)
    description = fields.Char(help="Told to the model: what these records are.")

    @api.model
    def _ai_allowed(self, audience):
        """``{model name: set of field names}`` allowed for ``audience``."""
        allowed = {}
        for row in self.sudo().search([("audience", "in", (audience, "both"))]):
            if row.model_name in self.env:
                allowed.setdefault(row.model_name, set()).update(row.field_ids.mapped("name"))
        return allowed

    @api.model
    def _install_defaults(self):
        """Create the default allow-list (data file): only models installed, only fields
        that exist."""
        Fields = self.env["ir.model.fields"].sudo()
        for model_name, (audience, names) in DEFAULTS.items():
            if model_name not in self.env or self.sudo().search_count([("model_name", "=", model_name)]):
                continue
            model = self.env["ir.model"]._get(model_name)
            field_ids = Fields.search([("model_id", "=", model.id), ("name", "in", names)]).ids
            self.sudo().create({"model_id": model.id, "field_ids": [fields.Command.set(field_ids)],
                                "audience": audience, "description": self.env[model_name]._description})
