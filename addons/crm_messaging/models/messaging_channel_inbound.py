"""Inbound settings of a channel: the webhook rate limit, the double opt-in and the
Chatwoot inboxes whose contacts' identity is verified."""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import payloads

DEFAULT_RATE_LIMIT = 1000


class MessagingChannel(models.Model):
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    rate_limit_per_minute = fields.Integer(
        string="Webhook Rate Limit (per minute)",
        default=DEFAULT_RATE_LIMIT,
        help="Webhook deliveries accepted per minute for this channel; more are answered 429 "
        "with Retry-After, and the provider delivers them again later. 0 means no limit.",
    )

    double_opt_in = fields.Boolean(
        string="Double Opt-in",
        help="A first contact (or a START / VOLTAR) makes the consent pending and asks the customer to confirm "
        "with YES / SIM; only the confirmation opts them in.",
    )
    opt_in_request_text = fields.Text(
        string="Opt-in Request Message",
        default=lambda self: self.env._(
            "Hi! Reply YES (or SIM) to confirm you want to receive messages from %s. Reply STOP to opt out.",
            self.env.company.name,
        ),
        help="The verification message sent to the customer when double opt-in is on.",
    )

    chatwoot_verified_inbox_ids = fields.Char(
        string="Identity-verified Inboxes",
        help="Chatwoot inbox ids (comma-separated) whose contacts' email and phone are verified by the channel "
        "(WhatsApp, SMS, email inboxes, or a website widget with identity validation). Messages from these "
        "inboxes are filed on the matching contact and can change their consent. In every other inbox an email "
        "or phone is only what the visitor typed: the conversation gets a lead of its own.",
    )

    _rate_limit_positive = models.Constraint(
        "CHECK (rate_limit_per_minute >= 0)", "The webhook rate limit cannot be negative."
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

    def _parse_payload(self, payload):
        """Also refuse (``MissingFieldError``, a 400) a known message event that does not
        say who the customer is: it could only fail later, in the inbox."""
        events = super()._parse_payload(payload)
        check = getattr(payloads, f"check_customer_{self.channel_type}", None)
        for event in events:
            if check and event.get("known"):
                check(event["event_type"], payload)
        return events

    def _check_rate_limit(self):
        """Count one webhook delivery; ``None`` when under the limit, else the seconds to
        wait until the next window (the ``Retry-After`` of a 429)."""
        self.ensure_one()
        if not self.rate_limit_per_minute:
            return None
        count, retry_after = self.env["messaging.rate.limit"].sudo()._hit(self.id)
        return retry_after if count > self.rate_limit_per_minute else None
