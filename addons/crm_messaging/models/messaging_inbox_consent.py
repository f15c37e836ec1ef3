"""Consent keywords of inbound messages, on every channel (see ``messaging.consent``)."""

from odoo import models

from ..tools.keywords import classify_consent


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"  # pylint: disable=consider-merging-classes-inherited

    def _apply_consent_keyword(self, phone, body):
        """Record an opt-out / opt-in of ``phone`` on this row's channel type when ``body``
        is a consent keyword; the new consent state, or ``None``."""
        self.ensure_one()
        consent = classify_consent(body)
        if not consent:
            return None
        state = "opted_out" if consent == "opt_out" else "opted_in"
        self.env["messaging.consent"]._record_consent(
            phone,
            self.channel_id.channel_type,
            state,
            self.env._("Inbound keyword on %(channel)s", channel=self.channel_id.name),
        )
        return state
