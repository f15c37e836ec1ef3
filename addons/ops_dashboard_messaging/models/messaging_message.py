from odoo import api, models


class MessagingMessage(models.Model):
    _inherit = "messaging.message"

    @api.model
    def _log(self, vals):
        """A message was logged (or its status moved): the messaging section reloads."""
        message = super()._log(vals)
        self.env["ops.dashboard"]._notify_section_changed("messaging")
        return message
