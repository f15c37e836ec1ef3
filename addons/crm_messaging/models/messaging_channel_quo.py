"""Quo (formerly OpenPhone) plug-in: SMS and calls (client: ``tools/quo.py``).

Webhooks: legacy ``openphone-signature`` or Standard Webhooks headers, keyed with the
channel's webhook secret (the signing key shown by Quo, base64). Processing of the stored
events (``_quo_process``):

* ``message.received`` / ``message.delivered``: the customer's number (``from`` of an
  incoming message, the first ``to`` of an outgoing one) is normalised to E.164; a partner
  with that number → their open lead if any, else the partner; no partner → an open lead
  with that number, else a new ``crm.lead`` (source *Quo*, first message as description).
  An incoming message is posted as the customer's comment (so ``base_automation`` *On
  incoming message* rules run), an outgoing one as a note; both are logged in
  ``messaging.message``, and an incoming consent keyword updates ``messaging.consent``.
  ``message.delivered`` for a message Odoo sent only moves its log row on (status receipt).
* ``call.completed``: a note with direction, duration, answered or missed, voicemail and
  recording links, and the call's ``messaging.call`` record; a missed incoming call also
  schedules a *Call back* activity.
* ``call.summary.completed`` / ``call.transcript.completed`` / ``call.recording.completed``:
  the summary, transcript or recording links go on the same ``messaging.call`` (by call id).
* other Quo event types: done, no effect (kept for the record).
"""

import base64
import secrets

from odoo import fields, models

from ..tools import quo
from ..tools.demo_payloads import quo_demo_payloads
from .messaging_inbox import ProcessingError
from .messaging_message import parse_when


class MessagingChannel(models.Model):
    # One file per provider (the sms_twilio shape), by design:
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    channel_type = fields.Selection(selection_add=[("quo", "Quo (SMS and calls)")], ondelete={"quo": "cascade"})

    def _quo_address_kind(self):
        return "phone"

    def _quo_verify(self, request_data):
        quo.verify_quo(request_data["body"], request_data["headers"], self._get_secret("webhook_secret"))

    def _quo_parse(self, payload):
        events = quo.parse_quo(payload)
        for event in events:
            if event.get("known"):
                quo.check_customer_quo(event["event_type"], payload)
        return events

    def _quo_send(self, outbound):
        return quo.send_quo(
            self._get_secret("api_key"), self.sender_ref, outbound.recipient, outbound.body, base_url=self.base_url
        )

    def _quo_ping(self):
        return quo.ping_quo(self._get_secret("api_key"), base_url=self.base_url)

    def _quo_demo_secrets(self):
        api_key, _token = self._demo_secrets_default()
        return api_key, base64.b64encode(secrets.token_bytes(32)).decode()  # Quo: a base64 key

    def _quo_demo_payloads(self):
        return quo_demo_payloads()

    # Processing ----------------------------------------------------------------------------
    def _quo_process(self, row):
        """File a stored Quo event (see the module docstring)."""
        payload = row._payload_data()
        obj = payload.get("data", {}).get("object") if isinstance(payload, dict) else None
        if not isinstance(obj, dict):
            raise ProcessingError("data.object is missing")
        handler = {
            "message.received": self._quo_file_message,
            "message.delivered": self._quo_file_message,
            "call.completed": self._quo_file_call,
            "call.recording.completed": self._quo_call_content,
            "call.summary.completed": self._quo_call_content,
            "call.transcript.completed": self._quo_call_content,
        }.get(row.event_type)
        if handler:
            handler(row, obj, payload)

    @staticmethod
    def _quo_counterpart(obj):
        """``(incoming, raw customer number)`` of a Quo message or call object."""
        incoming = obj.get("direction") in ("incoming", "inbound")
        if incoming:
            number = obj.get("from")
            field = "from"
        else:
            number = obj.get("to")
            field = "to"
            if isinstance(number, list):
                number = number[0] if number else None
        if not isinstance(number, str) or not number.strip():
            raise ProcessingError(f"data.object.{field} is missing")
        return incoming, number.strip()

    def _quo_file_message(self, row, obj, payload):
        incoming, raw_number = self._quo_counterpart(obj)
        phone = row._normalize_phone(raw_number)
        body = obj.get("body") or obj.get("text") or ""
        if not isinstance(body, str):
            body = str(body)
        when = obj.get("createdAt") or payload.get("createdAt")
        provider_id = obj.get("id") if isinstance(obj.get("id"), str) else None
        status, error = self._quo_message_status(obj, incoming)
        if not incoming and row._update_logged_outbound(provider_id, status, error):
            return  # the provider's status event for a message Odoo sent: already in the chatter
        target, partner = row._find_or_create_target(phone, body, self.env._("SMS from %s", phone))
        direction = self.env._("SMS received") if incoming else self.env._("SMS sent")
        links = row._media_links(obj.get("media"))
        html = row._message_html(direction, phone, when=when, provider_id=provider_id, text=body, links=links)
        row._post(target, html, partner if incoming else False, phone if incoming else False, incoming=incoming)
        row._log_message(
            target, partner, incoming=incoming, address=phone, body=body, links=links,
            provider_id=provider_id, when=when, status=status, error=error,
        )
        if incoming:
            row._apply_consent_keyword(phone, body, target)

    def _quo_message_status(self, obj, incoming):
        """``(log status, error)`` of a Quo message object: an incoming one is *received*;
        an outgoing one (``message.delivered``) is what its ``status`` says, *delivered*
        unless Quo reports it undelivered / failed."""
        if incoming:
            return "received", None
        status = obj.get("status")
        if status in ("undelivered", "failed"):
            return "failed", self.env._("Quo reports the message as %s.", status)
        return ("sent", None) if status == "sent" else ("delivered", None)

    def _quo_file_call(self, row, obj, payload):
        incoming, raw_number = self._quo_counterpart(obj)
        phone = row._normalize_phone(raw_number)
        duration = obj.get("duration")
        answered = bool(obj.get("answeredAt")) or (obj.get("status") == "completed" and bool(duration))
        title = self.env._("Call from %s", phone) if incoming else self.env._("Call to %s", phone)
        target, partner = row._find_or_create_target(phone, "", title)
        direction = self.env._("Incoming call") if incoming else self.env._("Outgoing call")
        status = self.env._("answered") if answered else self.env._("missed")
        lines = [self.env._("%(status)s, duration %(duration)s s", status=status, duration=duration or 0)]
        links = []
        voicemail = obj.get("voicemail")
        if isinstance(voicemail, dict) and voicemail.get("url"):
            links.append((self.env._("Voicemail"), voicemail["url"]))
        links += row._media_links(obj.get("media"), label=self.env._("Recording"))
        html = row._message_html(
            direction,
            phone,
            when=obj.get("completedAt") or obj.get("createdAt") or payload.get("createdAt"),
            provider_id=obj.get("id"),
            text="\n".join(lines),
            links=links,
        )
        row._post(target, html, partner if incoming else False, phone if incoming else False)
        self._quo_record_call(row, obj, target, partner, phone=phone, incoming=incoming, answered=answered)
        if incoming and not answered and not row._backfilling():
            user = (target.user_id if "user_id" in target else False) or partner.user_id or self.create_uid
            target.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._("Call back %s", phone),
                note=self.env._("Missed call on %s", self.name),
                user_id=user.id,
            )

    def _quo_record_call(self, row, obj, target, partner, *, phone, incoming, answered):
        """Create or complete the ``messaging.call`` of a Quo ``call.completed`` object."""
        call_id = obj.get("id")
        if not isinstance(call_id, str) or not call_id:
            raise ProcessingError("data.object.id is missing")
        voicemail = obj.get("voicemail")
        duration = obj.get("duration")
        row._lock_customer(f"call:{call_id}")
        self.env["messaging.call"]._upsert(
            self,
            call_id,
            {
                "direction": "inbound" if incoming else "outbound",
                "from_number": str(obj.get("from") or ""),
                "to_number": str(obj.get("to") or ""),
                "address": phone,
                **self.env["messaging.message"]._customer_values(target, partner),
                "started_at": parse_when(obj.get("createdAt")),
                "answered_at": parse_when(obj.get("answeredAt")),
                "ended_at": parse_when(obj.get("completedAt")),
                "duration": duration if isinstance(duration, int) and not isinstance(duration, bool) else 0,
                "answered": answered,
                "status": str(obj.get("status") or ""),
                "voicemail_url": voicemail.get("url") if isinstance(voicemail, dict) else False,
                "recording_urls": "\n".join(url for _label, url in row._media_links(obj.get("media"))),
                "inbox_id": row.id,
            },
        )

    def _quo_call_content(self, row, obj, payload):
        """``call.summary.completed`` / ``call.transcript.completed`` /
        ``call.recording.completed``: their content goes on the call's record (created
        bare when the call itself has not arrived yet)."""
        call_id = obj.get("callId") or (obj.get("id") if obj.get("object") == "call" else None)
        if not isinstance(call_id, str) or not call_id:
            raise ProcessingError("data.object.callId is missing")
        row._lock_customer(f"call:{call_id}")
        values = {}
        if row.event_type == "call.summary.completed":
            values["summary"] = self._quo_lines(obj.get("summary")) + self._quo_lines(obj.get("nextSteps"), "- ")
        elif row.event_type == "call.transcript.completed":
            values["transcript"] = self._quo_lines(
                [
                    f"{line.get('identifier') or ''}: {line.get('content') or ''}"
                    for line in obj.get("dialogue") or []
                    if isinstance(line, dict)
                ]
            )
        else:
            values["recording_urls"] = "\n".join(url for _label, url in row._media_links(obj.get("media")))
        self.env["messaging.call"]._upsert(self, call_id, values)

    @staticmethod
    def _quo_lines(value, prefix=""):
        """A list of strings (or a string) as text lines."""
        items = value if isinstance(value, list) else [value] if value else []
        return "".join(f"{prefix}{item}\n" for item in items if isinstance(item, str) and item.strip())

