"""Consent ledger (LGPD / TCPA): one row per phone number (E.164) and channel type.

Inbound consent keywords (see ``tools/keywords.py``) upsert the row, and Odoo's
``phone.blacklist`` follows (opt-out adds the number, opt-in removes it); outbound code asks
:meth:`MessagingConsent._is_opted_out` before sending.

Double opt-in: a request is a row in state *pending* with ``requested_at``,
``request_text`` (the verification message) and ``request_channel_id`` (the channel to
send it through). On phone channels the message is queued as a ``messaging.outbound``
(retries, circuit breaker and chatter trace included); ``request_sent_at`` shows when the
provider accepted it. A confirming reply sets the row *opted in* with ``confirmed_at``.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class MessagingConsent(models.Model):
    _name = "messaging.consent"
    _description = "Messaging Consent"
    _order = "changed_at desc, id desc"
    _rec_name = "phone"

    phone = fields.Char(required=True, index=True, help="Phone number in E.164 format.")
    channel_type = fields.Char(required=True, help="The channel type the consent applies to (its technical name).")
    state = fields.Selection(
        [("pending", "Pending"), ("opted_in", "Opted In"), ("opted_out", "Opted Out")],
        default="pending",
        required=True,
        index=True,
    )
    source = fields.Char(help="What changed the consent last, e.g. an inbound keyword on a channel.")
    changed_at = fields.Datetime(required=True, default=fields.Datetime.now)

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

    _phone_channel_unique = models.UniqueIndex(
        "(phone, channel_type)", "There is already a consent record for this number and channel type."
    )

    @api.model
    def _record_consent(self, phone, channel_type, state, source):
        """Upsert the consent of ``phone`` on ``channel_type``; concurrent updates of the
        same number cannot create two rows (``INSERT … ON CONFLICT``)."""
        uid = self.env.uid
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO messaging_consent
                    (phone, channel_type, state, source, changed_at, create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC',
                        %s, now() at time zone 'UTC')
                ON CONFLICT (phone, channel_type) DO UPDATE
                   SET state = EXCLUDED.state, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at,
                       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                RETURNING id
                """,
                phone,
                channel_type,
                state,
                source,
                uid,
                uid,
            )
        )
        record = self.browse(self.env.cr.fetchone()[0])
        record.invalidate_recordset()
        record._sync_phone_blacklist()
        return record

    def _sync_phone_blacklist(self):
        """Mirror each consent in Odoo's ``phone.blacklist`` (numbers are blacklisted for
        every channel): an opt-out adds the number; an opt-in removes a blacklisted number
        unless it is still opted out on another channel type. *Pending* changes nothing."""
        Blacklist = self.env["phone.blacklist"].sudo()
        for consent in self:
            message = self.env._("Consent: %(state)s (%(origin)s)", state=consent.state, origin=consent.source or "")
            if consent.state == "opted_out":
                Blacklist._add([consent.phone], message=message)
            elif (
                consent.state == "opted_in"
                # Odoo's _remove also records never-blacklisted numbers (archived): not wanted.
                and Blacklist.search_count([("number", "=", consent.phone)], limit=1)
                and not self.sudo().search_count([("phone", "=", consent.phone), ("state", "=", "opted_out")], limit=1)
            ):
                Blacklist._remove([consent.phone], message=message)

    @api.model
    def _is_opted_out(self, phone, channel_type):
        """Whether ``phone`` (E.164) opted out of ``channel_type``."""
        if not phone:
            return False
        return bool(
            self.sudo().search_count(
                [("phone", "=", phone), ("channel_type", "=", channel_type), ("state", "=", "opted_out")], limit=1
            )
        )

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
        (phone channels only: other channels have no number-level consent), posted
        on ``target``'s chatter; the outbound row, or an empty recordset."""
        self.ensure_one()
        # Always a real job, even when the inbound row is processed inline (demo data and
        # tools pass queue_job__no_delay): no provider call inside inbound processing.
        Outbound = self.env["messaging.outbound"].sudo().with_context(queue_job__no_delay=False)
        channel = self.request_channel_id
        if not self.request_text or channel._address_kind() != "phone":
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
