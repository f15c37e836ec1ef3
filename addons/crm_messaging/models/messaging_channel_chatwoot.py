"""Chatwoot plug-in (client: ``tools/chatwoot.py``).

Webhooks: ``X-Chatwoot-Signature`` / ``X-Chatwoot-Timestamp``, keyed with the webhook
secret. Processing (``_chatwoot_process``):

* ``message_created``: the message is filed with the inbox's conversation rules (customer =
  the conversation's contact, by the conversation already linked, phone or email). The lead
  or partner it lands on keeps the conversation in ``chatwoot_conversation_id`` /
  ``chatwoot_channel_id`` (``messaging.chatwoot.conversation.mixin``), which is where a reply
  from Odoo is posted. Only inboxes set as identity-verified on the channel
  (``chatwoot_verified_inbox_ids``) are trusted for the phone / email: elsewhere (a website
  widget visitor types whatever they like) the conversation is filed by its own link only,
  else on a lead of its own. Agent replies (``outgoing``) are *Message sent* notes and never
  create a lead; private notes and activity lines are done with no effect.
* ``message_updated`` of an outgoing message with a ``status`` (delivered / read / failed):
  the status receipt of a reply Odoo sent moves its log row on.
* other events (``conversation_status_changed``, ``contact_updated``…): done, no effect.

Outbound: a reply in the conversation linked to the lead or partner; its consent is the
phone consent of the conversation's owner.
"""

import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import chatwoot
from ..tools.conversations import UnusableMessage
from ..tools.demo_payloads import chatwoot_demo_payloads
from .messaging_inbox import ProcessingError


class MessagingChannel(models.Model):
    # One file per provider (the sms_twilio shape), by design:
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    channel_type = fields.Selection(selection_add=[("chatwoot", "Chatwoot")], ondelete={"chatwoot": "cascade"})
    chatwoot_verified_inbox_ids = fields.Char(
        string="Identity-verified Inboxes",
        help="Chatwoot inbox ids (comma-separated) whose contacts' email and phone are verified by the channel "
        "(WhatsApp, SMS, email inboxes, or a website widget with identity validation). Messages from these "
        "inboxes are filed on the matching contact and can change their consent. In every other inbox an email "
        "or phone is only what the visitor typed: the conversation gets a lead of its own.",
    )

    @api.constrains("chatwoot_verified_inbox_ids")
    def _check_chatwoot_verified_inbox_ids(self):
        for channel in self:
            if not re.fullmatch(r"[0-9,\s]*", channel.chatwoot_verified_inbox_ids or ""):
                raise ValidationError(self.env._("Identity-verified inboxes: Chatwoot inbox ids separated by commas."))

    def _chatwoot_identity_verified(self, inbox_id):
        """Whether Chatwoot inbox ``inbox_id`` verifies its contacts' identity (default: no)."""
        self.ensure_one()
        verified = {part.strip() for part in (self.chatwoot_verified_inbox_ids or "").split(",") if part.strip()}
        return inbox_id is not None and str(inbox_id) in verified

    # Webhooks ------------------------------------------------------------------------------
    def _chatwoot_verify(self, request_data):
        chatwoot.verify_chatwoot(request_data["body"], request_data["headers"], self._get_secret("webhook_secret"))

    def _chatwoot_parse(self, payload):
        events = chatwoot.parse_chatwoot(payload)
        for event in events:
            if event.get("known"):
                chatwoot.check_customer_chatwoot(event["event_type"], payload)
        return events

    def _chatwoot_process(self, row):
        payload = row._payload_data()
        payload = payload if isinstance(payload, dict) else {}
        if row.event_type == "message_updated":
            receipt = chatwoot.message_status(payload)
            if receipt:
                provider_id, status, when, error = receipt
                row._update_logged_outbound(provider_id, status, error=error, when=when)
            return
        if row.event_type != "message_created":
            return
        try:
            message = chatwoot.chatwoot_message(payload)
        except UnusableMessage as exc:
            raise ProcessingError(str(exc)) from None
        message.identity_verified = self._chatwoot_identity_verified(message.inbox_id)
        who = message.name or message.phone or message.email or message.conversation_id
        row._file_conversation_message(message, self.env._("Chatwoot conversation with %s", who))

    def _chatwoot_conversation_domain(self, conversation_id):
        return [("chatwoot_conversation_id", "=", str(conversation_id)), ("chatwoot_channel_id", "=", self.id)]

    def _chatwoot_link_conversation(self, target, conversation_id):
        if "chatwoot_conversation_id" in target._fields:
            target._link_chatwoot_conversation(self, conversation_id)

    # Outbound ------------------------------------------------------------------------------
    def _chatwoot_send(self, outbound):
        return chatwoot.send_chatwoot(
            self._get_secret("api_key"), self.account_ref, outbound.recipient, outbound.body, base_url=self.base_url
        )

    def _chatwoot_ping(self):
        return chatwoot.ping_chatwoot(self._get_secret("api_key"), base_url=self.base_url)

    @api.model
    def _chatwoot_link(self, record):
        """``(conversation id, Chatwoot channel or empty)`` of a lead or partner."""
        if "chatwoot_conversation_id" not in record._fields:
            return False, self.browse()
        return record.chatwoot_conversation_id, record.chatwoot_channel_id

    def _chatwoot_can_reach(self, record, partner):
        # The conversation lives in one Chatwoot account: reply through that one.
        conversation, channel = self._chatwoot_link(record)
        return bool(conversation) and (not channel or channel == self)

    def _chatwoot_default_recipient(self, record, partner, country):
        return self._chatwoot_link(record)[0]

    def _chatwoot_check_recipient(self, recipient):
        if not chatwoot.is_chatwoot_id((recipient or "").strip()):
            raise UserError(
                self.env._("%s is not a Chatwoot conversation id: it must contain digits only.", recipient)
            )

    def _chatwoot_consent_phone(self, outbound):
        """The phone consent of the lead (else partner) linked to the conversation this
        message addresses governs it, whatever record it was written from."""
        linked = self._chatwoot_conversation_domain(outbound.recipient)
        target = (
            self.env["crm.lead"].sudo().with_context(active_test=False).search(linked, limit=1)
            or self.env["res.partner"].sudo().with_context(active_test=False).search(linked, limit=1)
            or outbound._target()
        )
        number = target.phone if target and "phone" in target else False
        if not number:
            return False
        country = outbound.company_id.country_id or self.env.ref("base.br")
        return self.env["res.partner"]._phone_format(number=number, country=country) or number

    def _chatwoot_demo_payloads(self):
        return chatwoot_demo_payloads()
