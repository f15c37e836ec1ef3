from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import secret_box


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
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
    )
    operator_id = fields.Many2one("rpa.operator", required=True, index=True, ondelete="restrict")
    account_number = fields.Char(required=True)
    portal_login_ref = fields.Char(
        string="Portal Login Reference",
        help="Reference of the login used on the operator's portal (never the password).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The company whose team fetches this account's invoices; its processes belong to it too.",
    )

    _account_unique = models.UniqueIndex(
        "(partner_id, operator_id, account_number)",
        "This client already has this account number at this operator.",
    )

    # Portal credentials of an account, for the built-in robot. The password is stored only
    # encrypted (AES-GCM, key from the server configuration, see ``tools/secret_box.py``) and
    # only RPA managers can set it; nobody reads it back from the interface (the form shows
    # whether one is set).
    portal_login = fields.Char(groups="invoice_rpa.group_rpa_manager", help="Login typed by the built-in robot.")

    portal_password_enc = fields.Char(groups="base.group_system", copy=False)

    portal_password = fields.Char(
        compute="_compute_portal_password",
        inverse="_inverse_portal_password",
        groups="invoice_rpa.group_rpa_manager",
        help="Stored encrypted; leave empty to keep the current one.",
    )

    has_portal_password = fields.Boolean(compute="_compute_portal_password")

    def _compute_portal_password(self):
        for account in self:
            account.portal_password = False  # write-only
            account.has_portal_password = bool(account.sudo().portal_password_enc)

    def _inverse_portal_password(self):
        for account in self:
            if account.portal_password:
                try:
                    account.sudo().portal_password_enc = secret_box.encrypt(account.portal_password)
                except secret_box.SecretBoxError as exc:
                    raise UserError(self.env._("The portal password cannot be stored encrypted: %s", exc)) from None

    def _get_portal_password(self):
        """The decrypted password (empty when unset); UserError when it cannot be
        decrypted. Never log it."""
        self.ensure_one()
        token = self.sudo().portal_password_enc
        if not token:
            return ""
        try:
            return secret_box.decrypt(token)
        except secret_box.SecretBoxError as exc:
            raise UserError(
                self.env._(
                    "The portal password of %(account)s cannot be read: %(error)s", account=self.display_name, error=exc
                )
            ) from None
