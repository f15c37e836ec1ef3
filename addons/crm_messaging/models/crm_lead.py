"""Leads: their Chatwoot conversation and their last inbound / outbound message (see the
mixins)."""

from odoo import api, fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "messaging.chatwoot.conversation.mixin", "messaging.last.contact.mixin"]
    _messaging_log_field = "lead_id"

    messaging_log_ids = fields.One2many(
        "messaging.message", "lead_id", string="Conversation Log", groups="crm_messaging.group_messaging_user"
    )

    @api.depends("messaging_log_ids.date", "messaging_log_ids.direction", "messaging_log_ids.channel_id")
    def _compute_last_messages(self):
        return super()._compute_last_messages()
