from odoo import api, models


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"

    @api.model
    def _store_event(self, channel, event, raw_body):
        """A webhook event arrived (the inbox backlog grew): the messaging section reloads."""
        record = super()._store_event(channel, event, raw_body)
        if record:
            self.env["ops.dashboard"]._notify_section_changed("messaging")
        return record
