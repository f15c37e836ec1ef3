"""The conversation log: one row per message, inbound and outbound, on every channel.

Rows are written by the system only (inbox processing, the outbound queue, the providers'
status events), as the superuser; Messaging users read them. A row belongs to a customer
(``partner_id`` and / or ``lead_id``), so that all channels make one timeline per customer
(see ``messaging.conversation``).

``provider_message_id`` is unique per channel where set: the provider's copy of a message
(a delivery receipt for a message Odoo sent, a redelivered event) updates the row
already logged instead of adding a second one (:meth:`_log`).

Status only moves forward (queued → sent → delivered → read), except to *failed* /
*blocked*; each status stamps its own time (``<status>_at``).
"""

import datetime

from odoo import api, fields, models

STATUSES = [
    ("received", "Received"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("read", "Read"),
    ("failed", "Failed"),
    ("blocked", "Blocked"),
]
# Rank of the forward statuses: a late "sent" never overwrites "delivered".
STATUS_RANK = {"received": 0, "queued": 1, "sent": 2, "delivered": 3, "read": 4}
STATUS_STAMPS = {
    "received": "received_at",
    "queued": "queued_at",
    "sent": "sent_at",
    "delivered": "delivered_at",
    "read": "read_at",
    "failed": "failed_at",
    "blocked": "failed_at",
}


def parse_when(value):
    """A provider timestamp (ISO 8601 text, ``Z`` or offset, or epoch seconds /
    milliseconds) as a naive UTC datetime; ``None`` when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


class MessagingMessage(models.Model):
    _name = "messaging.message"
    _description = "Conversation Message"
    _order = "date desc, id desc"

    channel_id = fields.Many2one("messaging.channel", required=True, index=True, ondelete="cascade", readonly=True)
    channel_type = fields.Selection(related="channel_id.channel_type", store=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, index=True, readonly=True
    )
    date = fields.Datetime(required=True, index=True, readonly=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null", ondelete="set null", readonly=True
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Lead/Opportunity", index="btree_not_null", ondelete="set null", readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        help="The lead's salesperson, else the customer's.",
    )
    address = fields.Char(
        string="Number / Address", index=True, readonly=True, help="E.164 number, email or conversation id."
    )
    body = fields.Text(readonly=True)
    media_urls = fields.Text(string="Media Links", readonly=True, help="One link a line.")
    provider_message_id = fields.Char(string="Provider Message ID", readonly=True, copy=False)
    status = fields.Selection(STATUSES, required=True, index=True, readonly=True)
    received_at = fields.Datetime(readonly=True)
    queued_at = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    delivered_at = fields.Datetime(readonly=True)
    read_at = fields.Datetime(readonly=True)
    failed_at = fields.Datetime(readonly=True)
    error = fields.Text(readonly=True)
    inbox_id = fields.Many2one(
        "messaging.inbox", string="Inbound Event", index="btree_not_null", ondelete="set null", readonly=True
    )
    outbound_id = fields.Many2one("messaging.outbound", index="btree_not_null", ondelete="cascade", readonly=True)

    _provider_message_unique = models.UniqueIndex(
        "(channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL",
        "This provider message is already logged for this channel.",
    )
    _outbound_unique = models.UniqueIndex("(outbound_id) WHERE outbound_id IS NOT NULL")
    # the last message of a conversation in one index probe (messaging.conversation)
    _conversation_partner_idx = models.Index("(partner_id, date DESC, id DESC) WHERE partner_id IS NOT NULL")
    _conversation_lead_idx = models.Index(
        "(lead_id, date DESC, id DESC) WHERE partner_id IS NULL AND lead_id IS NOT NULL"
    )

    @api.depends("lead_id.user_id", "partner_id.user_id")
    def _compute_user_id(self):
        for message in self:
            message.user_id = message.lead_id.user_id or message.partner_id.user_id

    @api.depends("channel_id", "direction", "address")
    def _compute_display_name(self):
        arrows = {"inbound": "←", "outbound": "→"}
        for message in self:
            message.display_name = (
                f"{message.channel_id.name or ''} {arrows.get(message.direction, '')} {message.address or ''}"
            )

    # Writing the log (system only) -----------------------------------------------------------
    @api.model
    def _customer_values(self, target, partner=None):
        """``{lead_id, partner_id}`` of the lead or partner ``target`` (and ``partner``)."""
        lead = target if target and target._name == "crm.lead" else self.env["crm.lead"]
        customer = partner or (target if target and target._name == "res.partner" else lead.partner_id)
        return {"lead_id": lead.id or False, "partner_id": customer.id if customer else False}

    @api.model
    def _log(self, vals):
        """Log one message from ``vals`` (the superuser writes); the row.

        When the channel already has a row with this ``provider_message_id`` (the
        provider's copy of a message already logged), that row is completed instead: its
        status moves on and a missing customer is filled in."""
        Message = self.sudo()
        pid = vals.get("provider_message_id")
        existing = pid and Message.search(
            [("channel_id", "=", vals["channel_id"]), ("provider_message_id", "=", pid)], limit=1
        )
        status = vals.pop("status")
        when = vals.get("date") or fields.Datetime.now()
        if existing:
            missing = {
                key: vals[key] for key in ("lead_id", "partner_id", "body") if vals.get(key) and not existing[key]
            }
            if missing:
                existing.write(missing)
            existing._set_status(status, when=when, error=vals.get("error"))
            return existing
        vals.setdefault("date", when)
        vals.update({"status": status, STATUS_STAMPS[status]: when})
        return Message.create(vals)

    def _set_status(self, status, when=None, error=None):
        """Move each row to ``status`` (stamped ``when``, default now) unless it is already
        further on; *failed* / *blocked* always apply, with ``error``."""
        when = when or fields.Datetime.now()
        for message in self.sudo():
            if status in STATUS_RANK and STATUS_RANK.get(message.status, -1) >= STATUS_RANK[status]:
                continue
            values = {"status": status, STATUS_STAMPS[status]: when}
            if status in ("failed", "blocked"):
                values["error"] = error or message.error
            else:
                values["error"] = False
            message.write(values)
