"""The Chatwoot conversation a lead or partner talks in, for replies from Odoo.

Inbound processing links the lead (or partner) a Chatwoot message was filed on to that
conversation; the outbound side replies to ``chatwoot_conversation_id`` through
``chatwoot_channel_id`` (``POST /api/v1/accounts/{account}/conversations/{id}/messages``).
"""

from odoo import fields, models


class MessagingChatwootConversationMixin(models.AbstractModel):
    _name = "messaging.chatwoot.conversation.mixin"
    _description = "Chatwoot Conversation Link"

    chatwoot_conversation_id = fields.Char(
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Id of the Chatwoot conversation of the last message received; replies go there.",
    )
    chatwoot_channel_id = fields.Many2one(
        "messaging.channel",
        copy=False,
        readonly=True,
        ondelete="set null",
        domain=[("channel_type", "=", "chatwoot")],
    )

    def _link_chatwoot_conversation(self, channel, conversation_id):
        """Remember that this record talks in ``conversation_id`` of ``channel`` (the latest
        conversation wins: a customer's new conversation is where they expect the reply)."""
        conversation_id = str(conversation_id)
        for record in self:
            if (record.chatwoot_conversation_id, record.chatwoot_channel_id) != (conversation_id, channel):
                record.write({"chatwoot_conversation_id": conversation_id, "chatwoot_channel_id": channel.id})

