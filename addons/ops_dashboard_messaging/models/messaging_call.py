from odoo import api, models


class MessagingCall(models.Model):
    _inherit = "messaging.call"

    @api.model
    def _upsert(self, channel, call_id, vals):
        """A call was recorded (maybe missed): the messaging section reloads."""
        call = super()._upsert(channel, call_id, vals)
        self.env["ops.dashboard"]._notify_section_changed("messaging")
        return call
