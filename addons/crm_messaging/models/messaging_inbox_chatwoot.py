"""Processing of Chatwoot inbox rows.

* ``message_created``: the message is filed with the conversation rules of
  ``messaging_inbox_conversation`` (customer = the conversation's contact, by the
  conversation already linked, phone or email). The lead or partner it lands on keeps the
  conversation in ``chatwoot_conversation_id`` / ``chatwoot_channel_id``, which is where a
  reply from Odoo is posted (``POST /api/v1/accounts/{account}/conversations/{id}/messages``).
  Only inboxes set as identity-verified on the channel (``chatwoot_verified_inbox_ids``)
  are trusted for the phone / email: elsewhere (a website widget visitor types whatever
  they like) the conversation is filed by its own link only, else on a lead of its own.
  Agent replies (``outgoing``) are *Message sent* notes and never create a lead; private
  notes and activity lines are done with no effect.
* other events (``conversation_status_changed``, ``contact_updated``…): done, no effect.
"""

from odoo import models

from ..tools.conversations import UnusableMessage, chatwoot_message
from .messaging_inbox_processing import ProcessingError


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"  # pylint: disable=consider-merging-classes-inherited

    def _process_chatwoot(self):
        self.ensure_one()
        if self.event_type != "message_created":
            return
        payload = self._payload_data()
        try:
            message = chatwoot_message(payload if isinstance(payload, dict) else {})
        except UnusableMessage as exc:
            raise ProcessingError(str(exc)) from None
        message.identity_verified = self.channel_id._chatwoot_identity_verified(message.inbox_id)
        who = message.name or message.phone or message.email or message.conversation_id
        self._file_conversation_message(message, self.env._("Chatwoot conversation with %s", who))
