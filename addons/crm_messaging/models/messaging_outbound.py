"""Outbound messages (SMS, WhatsApp, conversation replies, email) and their delivery.

Life cycle: :meth:`MessagingOutbound._queue` creates the rows, refuses (*blocked*) those
to a recipient who opted out, posts a trace in the chatter of the lead / partner and
enqueues one ``queue_job`` job per row (:meth:`_send`). The job checks the consent again,
waits while the channel's circuit is open, calls the provider and ends *sent* or *failed*;
the chatter trace is rewritten with each final state.

Retries, one policy: a retryable provider error (network, timeout, 408, 429, 5xx; the
classification is ops_base's ``tools/http.py``) raises ``RetryableJobError`` and queue_job
runs the job again after 1 s, 5 s, then 25 s (the job function's ``retry_pattern``,
``data/queue_job_outbound_data.xml``), or after the provider's ``Retry-After``. After
:data:`MAX_ATTEMPTS` attempts queue_job fails the job and calls the job function's
``on_fail_method``, :meth:`_on_job_failed`, which ends the row *failed* with the provider's
error; any other error (4xx) ends it *failed* at once. The channel's circuit breaker
counts the failures (``messaging_circuit_breaker.py``).

Each row's channel decides who can be reached and whose consent applies (the channel's
provider hooks, see ``messaging.channel``): a phone channel's recipient is the number whose
consent governs the message; another provider may name one (a conversation's owner).

Other addons create rows through :meth:`_queue` (``channel_id``, ``recipient``, ``body``,
``res_model``, ``res_id``, ``partner_id``; ``subject`` for email): a stable entry point.
"""

import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ops_base.tools.http import HttpCallError, job_retry_error
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # the job's max_retries: the first try and three retries (after 1 s, 5 s and 25 s)
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
        string="To", required=True, readonly=True, help="E.164 number, provider conversation id or email address."
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
    last_error = fields.Text(readonly=True, copy=False)
    sent_date = fields.Datetime(readonly=True, copy=False)
    mail_message_id = fields.Many2one("mail.message", string="Chatter Message", readonly=True, ondelete="set null")

    log_message_id = fields.Many2one(
        "messaging.message", string="Log Entry", compute="_compute_log_message_id", compute_sudo=True
    )

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
                max_retries=MAX_ATTEMPTS,
                description=f"Send {outbound.channel_id.channel_type} message {outbound.id}",
            )._send()

    def _consent_phone(self):
        """The E.164 number whose consent governs this message, if any (the channel says)."""
        self.ensure_one()
        return self.channel_id._consent_phone(self)

    def _blocked_reason(self):
        """Why this message may not be sent (the recipient opted out, or a reason of the
        channel's provider), else ``False``."""
        self.ensure_one()
        phone = self._consent_phone()
        if phone and self.env["messaging.consent"]._is_opted_out(phone, self.channel_type):
            return self.env._(
                "%(number)s opted out of %(channel)s messages: not sent.", number=phone, channel=self._type_label()
            )
        return self.channel_id._blocked_reason(self)

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
        try:
            provider_id = channel._send_outbound(self)
        except HttpCallError as exc:
            self._handle_failure(exc)
            return
        except UserError as exc:  # e.g. the credential cannot be decrypted
            self._handle_failure(HttpCallError(str(exc), retryable=False))
            return
        channel._record_success()
        self._finish("sent", provider_message_id=provider_id or False, sent_date=fields.Datetime.now())

    def _handle_failure(self, exc):
        """Retry (queue_job's ``RetryableJobError``) or end *failed*, keeping the channel's
        health. The retried attempt's transaction is rolled back: its error is kept by the
        job (and, once queue_job gives up, by :meth:`_on_job_failed`)."""
        channel = self.channel_id
        _logger.warning("messaging outbound %s: sending failed: %s", self.id, exc.message)
        if exc.retryable:
            channel._record_failure(exc.message)
            raise job_retry_error(exc)
        if exc.status in (401, 403):
            channel._record_failure(exc.message, count=False)
        self._finish("failed", last_error=exc.message)

    def _on_job_failed(self, exc_name=None, exc_message=None, **_fail_values):
        """queue_job gave up on the sending job (``max_retries`` reached on retryable
        errors): end the rows still queued *failed* with the last error. Called by queue_job
        (the job function's ``on_fail_method``) once the job is stored failed."""
        error = (exc_message or "").removeprefix(f"Max. retries ({MAX_ATTEMPTS}) reached: ") or exc_name
        for outbound in self.sudo().filtered(lambda row: row.state == "queued"):
            outbound.with_company(outbound.company_id)._finish(
                "failed", last_error=error or self.env._("The sending job failed.")
            )

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

    # Conversation log --------------------------------------------------------------------
    def _compute_log_message_id(self):
        logs = self.env["messaging.message"].sudo().search([("outbound_id", "in", self.ids)])
        by_outbound = {log.outbound_id.id: log for log in logs}
        for outbound in self:
            outbound.log_message_id = by_outbound.get(outbound.id, False)

    def _log_queued(self):
        """Create the log row of each message (status = the row's: queued or blocked)."""
        Message = self.env["messaging.message"].sudo()
        for outbound in self.sudo():
            target = outbound._target()
            customer = Message._customer_values(target, outbound.partner_id)
            Message._log(
                {
                    "channel_id": outbound.channel_id.id,
                    "company_id": outbound.company_id.id,
                    "direction": "outbound",
                    "address": outbound.recipient,
                    "body": "\n".join(filter(None, (outbound.subject, outbound.body))),
                    "status": outbound.state,
                    "error": outbound.last_error if outbound.state == "blocked" else False,
                    "outbound_id": outbound.id,
                    **customer,
                }
            )

    def _log_state(self):
        """Move each message's log row to the message's state (and provider id)."""
        Message = self.env["messaging.message"].sudo()
        for outbound in self.sudo():
            log = outbound.log_message_id
            if not log:
                continue
            pid = outbound.provider_message_id
            if pid and log.provider_message_id != pid:
                # The provider's status event may have logged this message first (as a
                # message nobody sent from Odoo): keep that row's later status, drop it.
                echo = Message.search(
                    [
                        ("channel_id", "=", outbound.channel_id.id),
                        ("provider_message_id", "=", pid),
                        ("id", "!=", log.id),
                    ]
                )
                later = echo.filtered(lambda row: row.status in ("delivered", "read"))
                echo.unlink()
                log.provider_message_id = pid
                for row in later:
                    log._set_status(row.status, when=row[f"{row.status}_at"])
            log._set_status(outbound.state, error=outbound.last_error)

    # Actions -------------------------------------------------------------------------------
    def action_retry(self):
        """Queue failed messages again (the consent is checked again when they run)."""
        failed = self.filtered(lambda outbound: outbound.state == "failed")
        failed.check_access("read")
        failed.sudo().write({"state": "queued", "last_error": False})
        failed.sudo()._update_trace()
        failed.sudo()._log_state()
        failed.sudo()._enqueue()
        return True
