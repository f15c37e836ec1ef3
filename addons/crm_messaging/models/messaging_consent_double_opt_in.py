"""Double opt-in on the consent ledger: the pending request and its confirmation.

A request is a consent row in state *pending* with ``requested_at``, ``request_text`` (the
verification message) and ``request_channel_id`` (the channel to send it through). On SMS
and WhatsApp channels the message is queued as a ``messaging.outbound`` (retries, circuit
breaker and chatter trace included); ``request_sent_at`` shows when the provider accepted
it. A confirming reply sets the row *opted in* with ``confirmed_at``.
"""

from odoo import api, fields, models


class MessagingConsent(models.Model):
    _inherit = "messaging.consent"  # pylint: disable=consider-merging-classes-inherited

    requested_at = fields.Datetime(string="Opt-in Requested", readonly=True)
    request_text = fields.Text(string="Verification Message", readonly=True)
    request_channel_id = fields.Many2one(
        "messaging.channel", readonly=True, help="The channel to send the verification message through."
    )
    request_outbound_id = fields.Many2one(
        "messaging.outbound", string="Verification Sending", readonly=True, ondelete="set null"
    )
    request_sent_at = fields.Datetime(
        related="request_outbound_id.sent_date", string="Request Sent",
        help="When the provider accepted the verification message.",
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

    def _send_opt_in_request(self, target=None):
        """Queue the verification message of this pending request through its channel
        (SMS and WhatsApp only: Chatwoot and email have no number-level consent), posted
        on ``target``'s chatter; the outbound row, or an empty recordset."""
        self.ensure_one()
        # Always a real job, even when the inbound row is processed inline (demo data and
        # tools pass queue_job__no_delay): no provider call inside inbound processing.
        Outbound = self.env["messaging.outbound"].sudo().with_context(queue_job__no_delay=False)
        channel = self.request_channel_id
        if not self.request_text or channel.channel_type not in ("quo", "uazapi"):
            return Outbound
        vals = {"channel_id": channel.id, "recipient": self.phone, "body": self.request_text}
        if target:
            vals.update(res_model=target._name, res_id=target.id,
                        partner_id=target.partner_id.id if target._name == "crm.lead" else target.id)
        outbound = Outbound._queue([vals])
        self.request_outbound_id = outbound
        return outbound

    @api.model
    def _confirm_opt_in(self, phone, channel_type, source):
        consent = self._record_consent(phone, channel_type, "opted_in", source)
        consent.confirmed_at = fields.Datetime.now()
        return consent
