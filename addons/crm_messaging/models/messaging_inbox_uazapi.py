"""Processing of Uazapi (WhatsApp) inbox rows.

* ``messages``: the WhatsApp message is filed with the conversation rules of
  ``messaging_inbox_conversation`` (customer = the chat's number): unknown number → a new
  lead, known → their open lead or partner, ``fromMe`` (typed on the company's phone) → a
  *WhatsApp sent* note, never a lead. Group chats and messages sent through the API
  (``wasSentByApi``: logged by the outbound side when sent) are done with no effect.
* other events (``messages_update`` read receipts, ``connection``, ``call``): done, no
  effect; the raw event stays in the inbox.
"""

from odoo import models

from ..tools.conversations import UnusableMessage, uazapi_message
from .messaging_inbox_processing import ProcessingError


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"  # pylint: disable=consider-merging-classes-inherited

    def _process_uazapi(self):
        self.ensure_one()
        if self.event_type != "messages":
            return
        payload = self._payload_data()
        try:
            message = uazapi_message(payload if isinstance(payload, dict) else {})
        except UnusableMessage as exc:
            raise ProcessingError(str(exc)) from None
        who = message.name or message.phone
        self._file_conversation_message(message, self.env._("WhatsApp from %s", who))
