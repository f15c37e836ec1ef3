from odoo import api, models
from odoo.exceptions import UserError

from ..tools import secret_box

# Secrets of the Settings: name -> ir.config_parameter key holding the encrypted token.
# The plain keys they replace ("invoice_rpa.<name>") are emptied by the 19.0.1.1.0 migration.
SECRETS = {
    "s3_secret_key": "invoice_rpa.s3_secret_key_enc",
    "sat_token": "invoice_rpa.sat_token_enc",
    "api_token": "invoice_rpa.api_token_enc",
    "callback_token": "invoice_rpa.callback_token_enc",
}


class RpaSettingsSecret(models.AbstractModel):
    """The secrets of the Invoice RPA settings, stored only encrypted (AES-GCM box of
    ``tools/secret_box.py``, one purpose per secret) in ``ir.config_parameter``.

    Only server code reads them (decrypted on use, never logged); the Settings form
    writes them and shows whether they are set.
    """

    _name = "rpa.settings.secret"
    _description = "Invoice RPA Settings Secrets"

    @api.model
    def _get_secret(self, name):
        """The plain secret ``name`` ("" when unset); UserError when it cannot be decrypted."""
        token = self.env["ir.config_parameter"].sudo().get_param(SECRETS[name])
        if not token:
            return ""
        try:
            return secret_box.setting_box(name).decrypt(token)
        except secret_box.SecretBoxError as exc:
            raise UserError(self.env._("A secret of the Invoice RPA settings cannot be read: %s", exc)) from None

    @api.model
    def _has_secret(self, name):
        return bool(self.env["ir.config_parameter"].sudo().get_param(SECRETS[name]))

    @api.model
    def _set_secret(self, name, value):
        """Store ``value`` encrypted (empty: remove the secret). Administrators only."""
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise UserError(self.env._("Only administrators can change the Invoice RPA secrets."))
        value = (value or "").strip()
        token = False
        if value:
            try:
                token = secret_box.setting_box(name).encrypt(value)
            except secret_box.SecretBoxError as exc:
                raise UserError(self.env._(
                    "The secret cannot be stored encrypted: %s", exc)) from None
        self.env["ir.config_parameter"].sudo().set_param(SECRETS[name], token)
