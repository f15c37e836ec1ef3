from odoo import fields, models


class MessagingChannel(models.Model):
    _inherit = "messaging.channel"

    ai_enabled = fields.Boolean(
        string="AI Assistant Answers", groups="crm_messaging.group_messaging_manager", tracking=True,
        help="Inbound customer messages on this channel are answered by the AI assistant "
             "(within the business rules), or handed off to the salesperson.")
