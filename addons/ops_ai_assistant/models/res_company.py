"""Per-company settings of the AI assistant (edited in Settings, see res_config_settings.py).

The API key is stored only encrypted (``ai_api_key_enc``, administrators only, AES-GCM box
of ``tools/secret_box.py``); server code reads it with :meth:`_ai_api_key`.
"""

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import secret_box

ADMIN = "base.group_system"


class ResCompany(models.Model):
    _inherit = "res.company"

    ai_api_key_enc = fields.Char(string="Encrypted Anthropic API Key", groups=ADMIN, copy=False, readonly=True)
    ai_model = fields.Char(string="Claude Model", default="claude-sonnet-4-5", required=True)
    ai_base_url = fields.Char(
        string="Anthropic API URL", groups=ADMIN,
        help="Leave empty for Anthropic's API; set for a gateway or proxy.")
    ai_max_tokens = fields.Integer(string="Max Answer Tokens", default=1024)
    ai_timeout = fields.Integer(string="API Timeout (s)", default=60)
    ai_max_iterations = fields.Integer(string="Max Tool Iterations", default=8)
    ai_history_size = fields.Integer(string="Conversation History (messages)", default=20)
    ai_monthly_token_budget = fields.Integer(
        string="Monthly Token Budget", default=2_000_000,
        help="Input + output tokens per calendar month for this company. Beyond it, customers "
             "are handed off to a person and staff questions are declined, without any API call.")
    ai_staff_enabled = fields.Boolean(string="Operations Assistant in Discuss", default=True)
    ai_handoff_user_id = fields.Many2one(
        "res.users", string="Hand-off Fallback User", domain=[("share", "=", False)],
        help="Gets the hand-off activity when the customer has no salesperson (default: the administrator).")
    ai_price_input = fields.Float(string="Price per Million Input Tokens (USD)", default=3.0)
    ai_price_output = fields.Float(string="Price per Million Output Tokens (USD)", default=15.0)

    def _ai_api_key(self):
        """The clear API key of this company ("" when unset); UserError when it cannot be
        decrypted. Never log it."""
        self.ensure_one()
        token = self.sudo().ai_api_key_enc
        if not token:
            return ""
        try:
            return secret_box.decrypt(token)
        except secret_box.SecretBoxError as exc:
            raise UserError(self.env._("The Anthropic API key cannot be read: %s", exc)) from None

    def _ai_set_api_key(self, value):
        """Store ``value`` encrypted (empty keeps the current key). Administrators only."""
        if not self.env.su and not self.env.user.has_group(ADMIN):
            raise UserError(self.env._("Only administrators can change the Anthropic API key."))
        value = (value or "").strip()
        if not value:
            return
        try:
            token = secret_box.encrypt(value)
        except secret_box.SecretBoxError as exc:
            raise UserError(self.env._("The API key cannot be stored encrypted: %s", exc)) from None
        self.sudo().ai_api_key_enc = token
