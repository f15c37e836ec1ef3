"""Uazapi (WhatsApp) plug-in (client: ``tools/uazapi.py``).

Webhooks: Uazapi signs nothing. The channel's webhook secret, compared in constant time,
comes in the ``X-Uazapi-Token`` header when the sender can set headers (a proxy, a relay),
else as ``?token=`` in the URL registered at Uazapi, whose webhooks cannot carry custom
headers (masked in the access log, see ``tools/log_filter.py``).

Processing (``_uazapi_process``):

* ``messages``: the WhatsApp message is filed with the inbox's conversation rules
  (customer = the chat's number): unknown number → a new lead, known → their open lead or
  partner, ``fromMe`` (typed on the company's phone) → a *WhatsApp sent* note, never a
  lead. Group chats and messages sent through the API (``wasSentByApi``: logged by the
  outbound side when sent) are done with no effect.
* ``messages_update``: delivery / read receipts of messages Odoo sent move their log row
  (``messaging.message``) to *delivered* / *read* / *failed* (see
  ``tools.uazapi.message_status``); receipts of other messages have no effect.
* other events (``connection``, ``call``): done, no effect; the raw event stays in the inbox.
"""

from odoo import fields, models

from ..tools import uazapi
from ..tools.conversations import UnusableMessage
from ..tools.demo_payloads import uazapi_demo_payloads
from ..tools.signatures import verify_token
from .messaging_inbox import ProcessingError

UAZAPI_TOKEN_HEADER = "X-Uazapi-Token"  # noqa: S105 (a header name, not a secret)


class MessagingChannel(models.Model):
    # One file per provider (the sms_twilio shape), by design:
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    channel_type = fields.Selection(selection_add=[("uazapi", "Uazapi (WhatsApp)")], ondelete={"uazapi": "cascade"})

    def _uazapi_address_kind(self):
        return "phone"

    def _uazapi_verify(self, request_data):
        headers = {name.lower(): value for name, value in request_data["headers"].items()}
        given = headers.get(UAZAPI_TOKEN_HEADER.lower())
        if given is None:
            given = request_data["args"].get("token")
        verify_token(given, self._get_secret("webhook_secret"))

    def _uazapi_parse(self, payload):
        events = uazapi.parse_uazapi(payload)
        for event in events:
            if event.get("known"):
                uazapi.check_customer_uazapi(event["event_type"], payload)
        return events

    def _uazapi_send(self, outbound):
        return uazapi.send_uazapi(
            self._get_secret("api_key"), outbound.recipient, outbound.body, base_url=self.base_url
        )

    def _uazapi_ping(self):
        return uazapi.ping_uazapi(self._get_secret("api_key"), base_url=self.base_url)

    def _uazapi_message_labels(self):
        return {True: self.env._("WhatsApp received"), False: self.env._("WhatsApp sent")}

    def _uazapi_demo_payloads(self):
        return uazapi_demo_payloads()

    def _uazapi_process(self, row):
        if row.event_type == "messages_update":
            self._uazapi_receipt(row)
            return
        if row.event_type != "messages":
            return
        payload = row._payload_data()
        try:
            message = uazapi.uazapi_message(payload if isinstance(payload, dict) else {})
        except UnusableMessage as exc:
            raise ProcessingError(str(exc)) from None
        who = message.name or message.phone
        row._file_conversation_message(message, self.env._("WhatsApp from %s", who))

    def _uazapi_receipt(self, row):
        payload = row._payload_data()
        receipt = uazapi.message_status(payload if isinstance(payload, dict) else {})
        if receipt:
            ids, status, when = receipt
            for provider_id in ids:
                row._update_logged_outbound(provider_id, status, when=when)
