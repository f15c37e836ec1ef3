"""Twilio plug-in: SMS (client: ``tools/twilio.py``).

Set-up: *Account* = the Account SID (``AC…``), *API Key* = the Auth Token (it also signs
the webhooks), *Sender* = the Twilio number (E.164) or a Messaging Service SID (``MG…``).
Register the channel's *Webhook URL* as the number's "A message comes in" webhook (HTTP
POST); outbound messages ask Twilio to send their status callbacks there too.

Webhooks are form-encoded and signed with ``X-Twilio-Signature`` over the full URL (the
server's ``web.base.url`` + the request path) and the sorted POST parameters. An inbound
SMS goes through the inbox's phone rules (log row, the customer's comment, consent
keywords); a status callback moves the log row of the message Odoo sent (queued → sent →
delivered, or failed with Twilio's error code).
"""

import json

from odoo import fields, models

from ..tools import twilio
from .messaging_channel import UnsupportedBody


class MessagingChannel(models.Model):
    # One file per provider (the sms_twilio shape), by design:
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    channel_type = fields.Selection(selection_add=[("twilio", "Twilio (SMS)")], ondelete={"twilio": "cascade"})

    def _twilio_address_kind(self):
        return "phone"

    # Webhooks ------------------------------------------------------------------------------
    def _twilio_verify(self, request_data):
        url = self.get_base_url() + request_data["path"]
        twilio.verify_twilio(url, request_data["form"], request_data["headers"], self._get_secret("api_key"))

    def _twilio_decode(self, request_data):
        if request_data["mimetype"] != twilio.FORM_MIMETYPE:
            raise UnsupportedBody(415, "unsupported_media_type")
        payload = dict(request_data["form"])
        return json.dumps(payload, ensure_ascii=False), payload

    def _twilio_parse(self, payload):
        return twilio.parse_twilio(payload)

    def _twilio_process(self, row):
        payload = row._payload_data()
        if row.event_type == "message.status":
            receipt = twilio.message_status(payload)
            if receipt:
                sid, status, error = receipt
                row._update_logged_outbound(sid, status, error=error)
            return
        phone = row._normalize_phone(payload["From"])
        body = payload.get("Body") or ""
        links = [(f"{self.env._('Media')} {index}", url) for index, url in enumerate(twilio.media_urls(payload), 1)]
        target, partner = row._find_or_create_target(phone, body, self.env._("SMS from %s", phone))
        html = row._message_html(
            self.env._("SMS received"), phone, when=None, provider_id=payload.get("MessageSid"), text=body, links=links
        )
        row._post(target, html, partner, phone, incoming=True)
        row._log_message(
            target, partner, incoming=True, address=phone, body=body, links=links,
            provider_id=payload.get("MessageSid"), when=None, status="received",
        )
        row._apply_consent_keyword(phone, body, target)

    # Outbound ------------------------------------------------------------------------------
    def _twilio_send(self, outbound):
        return twilio.send_twilio(
            self.account_ref,
            self._get_secret("api_key"),
            self.sender_ref,
            outbound.recipient,
            outbound.body,
            status_callback=self.webhook_url if self.id else None,
            base_url=self.base_url,
        )

    def _twilio_ping(self):
        return twilio.ping_twilio(self.account_ref, self._get_secret("api_key"), base_url=self.base_url)
