from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ops_base.tools.browser_host import parse_host


class RpaOperator(models.Model):
    """A telecom operator (operadora) whose invoices the team fetches every month."""

    _name = "rpa.operator"
    _description = "Telecom Operator"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short operator code used by the robots and in storage keys, e.g. OI, VIVO, EMBRATEL.",
    )
    has_rpa = fields.Boolean(
        string="Has RPA",
        default=True,
        tracking=True,
        help="Invoices are downloaded by a robot (external RPA API or built-in runner).",
    )
    rpa_outsourced = fields.Boolean(
        string="RPA Outsourced",
        tracking=True,
        help="An external RPA API runs the robot; otherwise the built-in runner does.",
    )
    rpa_endpoint = fields.Char(
        string="RPA Endpoint URL", tracking=True, help="Base URL of the external RPA API, e.g. https://rpa.example.com"
    )
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

    # --- The built-in robot's recipe and the portal it may type passwords into ---

    robot_step_ids = fields.One2many("rpa.robot.step", "operator_id", string="Robot Recipe", copy=True)
    # Set by administrators only (groups): RPA managers edit recipes, and a recipe pointing
    # at a page of theirs must not receive the clients' portal passwords.
    portal_host = fields.Char(
        groups="base.group_system",
        tracking=True,
        help="Host (and port, when not 80/443) of the operator's portal, e.g. portal.vivo.com.br. "
        "The built-in robot types portal passwords only into pages of this host.",
    )

    @api.constrains("portal_host")
    def _check_portal_host(self):
        for operator in self:
            if operator.portal_host and not parse_host(operator.portal_host):
                raise ValidationError(
                    self.env._("The portal host is a host name with an optional port, e.g. portal.example.com:8443.")
                )
