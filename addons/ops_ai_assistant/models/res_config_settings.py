from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import secret_box

ADMIN = "base.group_system"


class ResConfigSettings(models.TransientModel):
    """AI assistant settings of the current company. The API key is write-only: typed here,
    stored encrypted on the company, shown back only masked."""

    _inherit = "res.config.settings"

    ai_api_key = fields.Char(
        string="Anthropic API Key", compute="_compute_ai_api_key", inverse="_inverse_ai_api_key", groups=ADMIN)
    ai_api_key_state = fields.Char(string="Current Key", compute="_compute_ai_api_key", groups=ADMIN)
    ai_model = fields.Char(related="company_id.ai_model", readonly=False)
    ai_base_url = fields.Char(related="company_id.ai_base_url", readonly=False)
    ai_max_tokens = fields.Integer(related="company_id.ai_max_tokens", readonly=False)
    ai_timeout = fields.Integer(related="company_id.ai_timeout", readonly=False)
    ai_max_iterations = fields.Integer(related="company_id.ai_max_iterations", readonly=False)
    ai_history_size = fields.Integer(related="company_id.ai_history_size", readonly=False)
    ai_monthly_token_budget = fields.Integer(related="company_id.ai_monthly_token_budget", readonly=False)
    ai_staff_enabled = fields.Boolean(related="company_id.ai_staff_enabled", readonly=False)
    ai_handoff_user_id = fields.Many2one(related="company_id.ai_handoff_user_id", readonly=False)
    ai_price_input = fields.Float(related="company_id.ai_price_input", readonly=False)
    ai_price_output = fields.Float(related="company_id.ai_price_output", readonly=False)

    @api.depends("company_id")
    def _compute_ai_api_key(self):
        for settings in self:
            settings.ai_api_key = False
            state = self.env._("not set")
            if settings.company_id.sudo().ai_api_key_enc:
                try:
                    state = secret_box.mask(settings.company_id._ai_api_key())
                except UserError:
                    state = self.env._("set (cannot be decrypted with the configured key)")
            settings.ai_api_key_state = state

    def _inverse_ai_api_key(self):
        for settings in self:
            if settings.ai_api_key:
                settings.company_id._ai_set_api_key(settings.ai_api_key)
