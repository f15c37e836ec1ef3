"""Inbox of raw inbound webhook events, stored before any processing.

One row per provider event and channel: ``(channel_id, provider_event_id)`` is unique, so
a redelivered event is recognised and creates nothing. Rows are written by the webhook
controller only (as superuser); users and managers read them.

States: *pending* (to process, a ``queue_job`` job is enqueued on insert), *done*
(processed), *failed* (processing failed, see ``error``; *Retry* puts it back to pending),
*ignored* (an event type this addon does not handle: kept for the record, never
processed, and acknowledged so that the provider does not retry it).
"""

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.ops_base.tools import json_body

from .messaging_message import parse_when


class MessagingInbox(models.Model):
    _name = "messaging.inbox"
    _description = "Messaging Inbound Event"
    _order = "received_at desc, id desc"
    _rec_name = "provider_event_id"

    channel_id = fields.Many2one("messaging.channel", required=True, index=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    channel_type = fields.Selection(related="channel_id.channel_type")
    provider_event_id = fields.Char(string="Provider Event ID", required=True, readonly=True)
    event_type = fields.Char(readonly=True, index=True)
    payload = fields.Text(readonly=True, help="The raw JSON body, as received.")
    received_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("failed", "Failed"), ("ignored", "Ignored")],
        default="pending",
        required=True,
        index=True,
        readonly=True,
    )
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True)

    _provider_event_unique = models.UniqueIndex(
        "(channel_id, provider_event_id)", "This provider event is already in the inbox."
    )

    @api.model
    def _store_event(self, channel, event, raw_body):
        """Insert one normalised ``event`` of ``channel``; the new record, or an empty
        recordset when the event is already stored (a duplicate delivery).

        ``INSERT … ON CONFLICT DO NOTHING`` on the unique index: concurrent deliveries of
        the same event cannot both insert, and a duplicate raises no database error (which
        an ORM ``create`` in a savepoint would log as a failed query). A delivery racing
        one not yet committed gets a serialization failure (REPEATABLE READ): left to
        Odoo's request retry, which then sees the row and answers ``duplicate``.
        """
        state = "pending" if event.get("known") else "ignored"
        uid = self.env.uid
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO messaging_inbox
                    (channel_id, company_id, provider_event_id, event_type, payload, received_at, state,
                     attempts, create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', %s, 0, %s, now() at time zone 'UTC',
                        %s, now() at time zone 'UTC')
                ON CONFLICT (channel_id, provider_event_id) DO NOTHING
                RETURNING id
                """,
                channel.id,
                channel.company_id.id,
                event["event_id"],
                event.get("event_type"),
                raw_body,
                state,
                uid,
                uid,
            )
        )
        row = self.env.cr.fetchone()
        record = self.browse(row[0]) if row else self.browse()
        if record and state == "pending":
            record._enqueue_processing()
        return record

    def _enqueue_processing(self):
        """Hand each row to a ``queue_job`` job (``_process``). The job is recorded in the
        current transaction: nothing runs, and no network I/O happens, in the request."""
        for row in self:
            row.with_delay(
                channel="root.messaging",
                max_retries=5,
                description=f"Process {row.channel_id.channel_type} event {row.event_type} {row.provider_event_id}",
            )._process()

    def _payload_data(self):
        """The stored payload as a Python object, decoded as the webhook decoded it."""
        self.ensure_one()
        return json_body.loads(self.payload or "null")

    # Conversation log ------------------------------------------------------------------------
    def _log_message(self, target, partner, *, incoming, address, body, links, provider_id, when, status, error=None):
        """Log the message this row carries in ``messaging.message`` (see there)."""
        self.ensure_one()
        Message = self.env["messaging.message"]
        return Message._log(
            {
                "channel_id": self.channel_id.id,
                "company_id": self.company_id.id,
                "direction": "inbound" if incoming else "outbound",
                "date": parse_when(when) or self.received_at,
                "address": address or False,
                "body": body or False,
                "media_urls": "\n".join(url for _label, url in links) or False,
                "provider_message_id": provider_id or False,
                "status": status,
                "error": error or False,
                "inbox_id": self.id,
                **Message._customer_values(target, partner),
            }
        )

    def _update_logged_outbound(self, provider_id, status, error=None):
        """Move the log row of a message Odoo sent (``provider_id`` on this channel) to
        ``status``; whether there was one."""
        if not provider_id:
            return False
        log = self.env["messaging.message"].sudo().search(
            [("channel_id", "=", self.channel_id.id), ("provider_message_id", "=", provider_id),
             ("outbound_id", "!=", False)],
            limit=1,
        )
        log._set_status(status, error=error)
        return bool(log)
