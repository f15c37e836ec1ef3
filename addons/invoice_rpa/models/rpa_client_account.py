from odoo import fields, models


class RpaClientAccount(models.Model):
    """The account a client (an RPA partner) holds at one telecom operator.

    A client with an active account at an active operator gets one process per month
    for that operator (see ``rpa.process._create_monthly``).
    """

    _name = "rpa.client.account"
    _description = "RPA Client Operator Account"
    _order = "partner_id, operator_id, account_number"
    _rec_name = "account_number"

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="cascade",
    )
    operator_id = fields.Many2one("rpa.operator", required=True, index=True, ondelete="restrict")
    account_number = fields.Char(required=True)
    portal_login_ref = fields.Char(
        string="Portal Login Reference",
        help="Reference of the login used on the operator's portal (never the password).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        help="The company whose team fetches this account's invoices; its processes belong to it too.",
    )

    _account_unique = models.UniqueIndex(
        "(partner_id, operator_id, account_number)",
        "This client already has this account number at this operator.",
    )
