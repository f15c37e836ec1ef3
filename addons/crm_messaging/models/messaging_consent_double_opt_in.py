"""Double opt-in on the consent ledger: the pending request and its confirmation.

A request is a consent row in state *pending* with ``requested_at``, ``request_text`` (the
verification message) and ``request_channel_id`` (the channel to send it through);
``request_sent_at`` is empty until the outbound side has sent it. A confirming reply sets
the row *opted in* with ``confirmed_at``.
"""

from odoo import api, fields, models


class MessagingConsent(models.Model):
    _inherit = "messaging.consent"  # pylint: disable=consider-merging-classes-inherited

    requested_at = fields.Datetime(string="Opt-in Requested", readonly=True)
    request_text = fields.Text(string="Verification Message", readonly=True)
    request_channel_id = fields.Many2one(
        "messaging.channel", readonly=True, help="The channel to send the verification message through."
    )
    request_sent_at = fields.Datetime(
        string="Request Sent", readonly=True, help="Set by the outbound side once the verification message is sent."
    )
    confirmed_at = fields.Datetime(string="Opt-in Confirmed", readonly=True)

    @api.model
    def _get_consent(self, phone, channel_type):
        return self.search([("phone", "=", phone), ("channel_type", "=", channel_type)], limit=1)

    @api.model
    def _request_opt_in(self, phone, channel, source):
        """Make the consent of ``phone`` on ``channel``'s type pending and record the
        verification message to send; the consent row."""
        text = channel.opt_in_request_text or ""
        consent = self._record_consent(phone, channel.channel_type, "pending", source)
        consent.write(
            {
                "requested_at": fields.Datetime.now(),
                "request_text": text,
                "request_channel_id": channel.id,
                "request_sent_at": False,
                "confirmed_at": False,
            }
        )
        return consent

    @api.model
    def _confirm_opt_in(self, phone, channel_type, source):
        consent = self._record_consent(phone, channel_type, "opted_in", source)
        consent.confirmed_at = fields.Datetime.now()
        return consent
