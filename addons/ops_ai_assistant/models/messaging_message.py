"""Inbound messages on a channel with the assistant enabled start the auto-reply job."""

from odoo import api, models


class MessagingMessage(models.Model):
    _inherit = "messaging.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._ai_enqueue()
        return messages

    def _ai_enqueue(self):
        """One ``ai.conversation._ai_reply`` job per inbound message of a customer on an
        enabled channel, unless the conversation is handed off (the assistant is silent)."""
        Conversation = self.env["ai.conversation"]
        for message in self.sudo():
            if message.direction != "inbound" or not message.channel_id.ai_enabled or not message.body:
                continue
            if not (message.partner_id or message.lead_id):
                continue
            conversation = Conversation._ai_for_message(message)
            if conversation.state == "handoff":
                continue
            conversation.with_delay(
                channel="root.ai",
                max_retries=6,
                description=f"AI reply to message {message.id}",
                identity_key=f"ai_reply_{message.id}",
            )._ai_reply(message)
