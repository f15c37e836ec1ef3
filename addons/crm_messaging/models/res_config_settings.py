"""Settings of inbound messaging: consent and help keywords, the help message and the
health endpoint token. Empty keyword lists mean the defaults of ``tools/keywords.py``
(shown as the fields' placeholders)."""

import secrets

from odoo import fields, models
from odoo.exceptions import AccessError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    messaging_opt_out_keywords = fields.Char(
        string="Opt-out Keywords",
        config_parameter="crm_messaging.opt_out_keywords",
        help="Comma-separated; empty means the default list shown. "
        "Case and accents are ignored; the message must be only the keyword.",
    )
    messaging_opt_in_keywords = fields.Char(
        string="Opt-in Keywords",
        config_parameter="crm_messaging.opt_in_keywords",
        help="Comma-separated; empty means the default list shown.",
    )
    messaging_confirm_keywords = fields.Char(
        string="Double Opt-in Confirmation Keywords",
        config_parameter="crm_messaging.confirm_keywords",
        help="Comma-separated; empty means the default list shown.",
    )
    messaging_help_keywords = fields.Char(
        string="Help Keywords",
        config_parameter="crm_messaging.help_keywords",
        help="Comma-separated; empty means the default list shown. A customer sending one of them gets the "
        "help message (CTIA / TCPA: HELP; Brazil: AJUDA).",
    )
    messaging_help_text = fields.Char(
        string="Help Message",
        config_parameter="crm_messaging.help_text",
        help="The answer to a help keyword: the business name and how to stop messages. Empty: a message "
        "naming the company, STOP / SAIR and the company's phone or email.",
    )
    messaging_health_token = fields.Char(
        string="Health Check Token",
        config_parameter="crm_messaging.health_token",
        groups="base.group_system",
        help="Monitoring tools call GET /messaging/health with this token "
        "(header 'Authorization: Bearer <token>'). Empty disables the endpoint.",
    )

    def action_messaging_generate_health_token(self):
        """Replace the health check token with a new random one (administrators only: the
        button is reachable over RPC by anyone, on an empty recordset too)."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators can generate a new health check token."))
        self.env["ir.config_parameter"].sudo().set_param("crm_messaging.health_token", secrets.token_urlsafe(32))
        return {"type": "ir.actions.client", "tag": "reload"}
