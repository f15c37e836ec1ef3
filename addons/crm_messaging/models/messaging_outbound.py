"""Outbound messages (SMS, WhatsApp, Chatwoot replies, SendGrid email) and their delivery.

Life cycle: :meth:`MessagingOutbound._queue` creates the rows, refuses (*blocked*) those
to a recipient who opted out, posts a trace in the chatter of the lead / partner and
enqueues one ``queue_job`` job per row (:meth:`_send`). The job checks the consent again,
waits while the channel's circuit is open, calls the provider and ends *sent* or *failed*;
the chatter trace is rewritten with each final state.

Retries: a retryable provider error (network, timeout, 429, 5xx) raises
``RetryableJobError`` and queue_job runs the job again after 1 s, 5 s, then 25 s (the job
function's ``retry_pattern``, ``data/queue_job_outbound_data.xml``); after
:data:`MAX_ATTEMPTS` attempts, or at once on any other error (4xx), the row is *failed*
with the provider's error. The attempt count and error of a retried attempt are written on
a separate, committed cursor, because the job's own transaction is rolled back with the
error (see ``messaging_channel_send.py``).
"""

import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize

from odoo.addons.queue_job.exception import RetryableJobError

from ..tools.provider_http import ProviderError

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # the first try and three retries (after 1 s, 5 s and 25 s)
PHONE_TYPES = ("quo", "uazapi")
STATE_BADGES = {
    "queued": "text-bg-info",
    "sent": "text-bg-success",
    "failed": "text-bg-danger",
    "blocked": "text-bg-warning",
}


class MessagingOutbound(models.Model):
    _name = "messaging.outbound"
    _description = "Outbound Message"
    _order = "create_date desc, id desc"

    channel_id = fields.Many2one("messaging.channel", required=True, index=True, ondelete="restrict", readonly=True)
    channel_type = fields.Selection(related="channel_id.channel_type")
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Document Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Sent By", readonly=True, default=lambda self: self.env.user)
    recipient = fields.Char(
        string="To", required=True, readonly=True, help="E.164 number, Chatwoot conversation id or email address."
    )
    subject = fields.Char(readonly=True)
    body = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed"), ("blocked", "Blocked")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    provider_message_id = fields.Char(string="Provider Message ID", readonly=True, copy=False)
    attempts = fields.Integer(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    sent_date = fields.Datetime(readonly=True, copy=False)
    mail_message_id = fields.Many2one("mail.message", string="Chatter Message", readonly=True, ondelete="set null")

    @api.depends("channel_id", "recipient")
    def _compute_display_name(self):
        for outbound in self:
            outbound.display_name = f"{outbound.channel_id.name or ''} → {outbound.recipient or ''}"

    # Queueing ------------------------------------------------------------------------------
    @api.model
    def _queue(self, vals_list):
        """Create outbound messages from ``vals_list`` and hand them to the queue. Rows to
        an opted-out recipient are created *blocked* (with the reason in ``last_error``)
        and not enqueued. Every row gets its chatter trace. Returns the rows."""
        records = self.create(vals_list)
        for outbound in records:
            reason = outbound._blocked_reason()
            if reason:
                outbound.sudo().write({"state": "blocked", "last_error": reason})
            outbound._post_trace()
        records._log_queued()
        queued = records.filtered(lambda outbound: outbound.state == "queued")
        queued._enqueue()
        return records

    def _enqueue(self):
        for outbound in self:
            outbound.with_delay(
                channel="root.messaging",
                max_retries=MAX_ATTEMPTS + 6,  # a safety net: _send ends the row after MAX_ATTEMPTS
                description=f"Send {outbound.channel_id.channel_type} message {outbound.id}",
            )._send()

    def _consent_phone(self):
        """The E.164 number whose consent governs this message, if any."""
        self.ensure_one()
        if self.channel_type in PHONE_TYPES:
            return self.recipient
        if self.channel_type == "chatwoot":
            target = self._conversation_owner() or self._target()
            number = target.phone if target and "phone" in target else False
            if number:
                country = self.company_id.country_id or self.env.ref("base.br")
                return self.env["res.partner"]._phone_format(number=number, country=country) or number
        return False

    def _conversation_owner(self):
        """The lead (else partner) linked to the Chatwoot conversation this message
        addresses: its consent governs the message, whatever record it was written from."""
        self.ensure_one()
        linked = [("chatwoot_conversation_id", "=", self.recipient), ("chatwoot_channel_id", "=", self.channel_id.id)]
        return (
            self.env["crm.lead"].sudo().with_context(active_test=False).search(linked, limit=1)
            or self.env["res.partner"].sudo().with_context(active_test=False).search(linked, limit=1)
        )

    def _blocked_reason(self):
        """Why this message may not be sent (the recipient opted out), else ``False``."""
        self.ensure_one()
        phone = self._consent_phone()
        if phone and self.env["messaging.consent"]._is_opted_out(phone, self.channel_type):
            return self.env._(
                "%(number)s opted out of %(channel)s messages: not sent.", number=phone, channel=self._type_label()
            )
        if self.channel_type == "sendgrid":
            email = email_normalize(self.recipient) or self.recipient
            if self.env["mail.blacklist"].sudo().search_count([("email", "=", email)], limit=1):
                return self.env._("%s is on the email blacklist: not sent.", email)
        return False

    def _type_label(self):
        return dict(self.channel_id._fields["channel_type"]._description_selection(self.env)).get(
            self.channel_type, self.channel_type or ""
        )

    # The job -------------------------------------------------------------------------------
    def _send(self):
        """The ``queue_job`` job: send each queued row once (rows in another state are left
        alone, so a job run twice sends nothing twice). See the module docstring."""
        for outbound in self.sudo():
            if outbound.state != "queued":
                continue
            outbound.with_company(outbound.company_id)._send_one()
        return True

    def _send_one(self):
        reason = self._blocked_reason()
        if reason:
            self._finish("blocked", last_error=reason)
            return
        channel = self.channel_id
        remaining = channel._circuit_remaining()
        if remaining:
            # No provider call and no retry counted: the circuit decides when to try again.
            raise RetryableJobError(f"circuit of channel {channel.id} open", seconds=remaining, ignore_retry=True)
        attempt = self.attempts + 1
        try:
            provider_id = channel._send_outbound(self)
        except ProviderError as exc:
            self._handle_failure(exc, attempt)
            return
        except UserError as exc:  # e.g. the credential cannot be decrypted
            self._handle_failure(ProviderError(str(exc), retryable=False), attempt)
            return
        channel._record_success()
        self._finish(
            "sent", attempts=attempt, provider_message_id=provider_id or False, sent_date=fields.Datetime.now()
        )

    def _handle_failure(self, exc, attempt):
        """Retry (``RetryableJobError``) or end *failed*, keeping the channel's health."""
        channel = self.channel_id
        _logger.warning("messaging outbound %s: attempt %s failed: %s", self.id, attempt, exc.message)
        if exc.retryable:
            channel._record_failure(exc.message)
        elif exc.status in (401, 403):
            channel._record_failure(exc.message, count=False)
        if exc.retryable and attempt < MAX_ATTEMPTS:
            # Committed apart: this job's transaction is rolled back by the raise below.
            channel._health_commit(
                SQL(
                    """UPDATE messaging_outbound SET attempts = %s, last_error = %s,
                              write_date = now() at time zone 'UTC'
                        WHERE id = %s RETURNING id""",
                    attempt,
                    exc.message,
                    self.id,
                )
            )
            self.invalidate_recordset(["attempts", "last_error"])
            raise RetryableJobError(f"attempt {attempt} failed: {exc.message}")
        self._finish("failed", attempts=attempt, last_error=exc.message)

    def _finish(self, state, **values):
        self.write({"state": state, **values})
        self._update_trace()
        self._log_state()

    # Chatter trace -------------------------------------------------------------------------
    def _target(self):
        """The lead or partner this message was sent from (empty if gone)."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return self.partner_id
        return self.env[self.res_model].browse(self.res_id).exists() or self.partner_id

    def _trace_html(self):
        self.ensure_one()
        label = dict(self._fields["state"]._description_selection(self.env))[self.state]
        header = Markup("<p><b>%s</b> · %s · %s</p>") % (
            self.env._("%s sent", self._type_label()) if self.state == "sent" else self._type_label(),
            self.channel_id.name,
            self.recipient,
        )
        parts = [header]
        if self.subject:
            parts.append(Markup("<p><b>%s</b></p>") % self.subject)
        parts.append(
            Markup("<p>%s</p>") % Markup("<br/>").join(escape(line) for line in (self.body or "").splitlines())
        )
        status = Markup('<span class="badge %s">%s</span>') % (STATE_BADGES[self.state], label)
        details = [str(value) for value in (self.provider_message_id and f"id {self.provider_message_id}",) if value]
        if self.state in ("failed", "blocked") and self.last_error:
            details.append(self.last_error)
        parts.append(Markup('<p class="small">%s %s</p>') % (status, " · ".join(details)))
        return Markup("").join(parts)

    def _post_trace(self):
        """Post this message in the chatter of its lead / partner (as a note)."""
        target = self._target()
        if not target or not hasattr(target, "message_post"):
            return
        message = target.sudo().message_post(
            body=self._trace_html(),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.user_id.partner_id.id,
        )
        self.sudo().mail_message_id = message

    def _update_trace(self):
        """Rewrite the chatter trace with the current state."""
        for outbound in self:
            if outbound.mail_message_id:
                outbound.mail_message_id.sudo().write({"body": outbound._trace_html()})

    # Actions -------------------------------------------------------------------------------
    def action_retry(self):
        """Queue failed messages again (the consent is checked again when they run)."""
        failed = self.filtered(lambda outbound: outbound.state == "failed")
        failed.check_access("read")
        failed.sudo().write({"state": "queued", "attempts": 0, "last_error": False})
        failed.sudo()._update_trace()
        failed.sudo()._log_state()
        failed.sudo()._enqueue()
        return True
