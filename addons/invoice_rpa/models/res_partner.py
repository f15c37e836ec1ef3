from odoo import fields, models


class ResPartner(models.Model):
    """Partners flagged as RPA clients get a monthly invoice process per operator account."""

    _inherit = "res.partner"

    is_rpa_client = fields.Boolean(
        string="RPA Client", index=True,
        help="Every month, an invoice process is created for each of its operator accounts.",
    )
    rpa_account_ids = fields.One2many(
        "rpa.client.account", "partner_id", string="Operator Accounts",
        groups="invoice_rpa.group_rpa_user",
    )
