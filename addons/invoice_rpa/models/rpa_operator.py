from odoo import api, fields, models


class RpaOperator(models.Model):
    """A telecom operator (operadora) whose invoices the team fetches every month."""

    _name = "rpa.operator"
    _description = "Telecom Operator"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True,
        help="Short operator code used by the robots and in storage keys, e.g. OI, VIVO, EMBRATEL.",
    )
    has_rpa = fields.Boolean(string="Has RPA", default=True, tracking=True,
                             help="Invoices are downloaded by a robot (external RPA API or built-in runner).")
    rpa_outsourced = fields.Boolean(string="RPA Outsourced", tracking=True,
                                    help="An external RPA API runs the robot; otherwise the built-in runner does.")
    rpa_endpoint = fields.Char(string="RPA Endpoint URL", tracking=True,
                               help="Base URL of the external RPA API, e.g. https://rpa.example.com")
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "An operator with this code already exists.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)
