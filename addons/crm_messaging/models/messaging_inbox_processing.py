"""Asynchronous processing of inbox rows (a ``queue_job`` job per row, see
``messaging.inbox._enqueue_processing``).

``_process`` is idempotent: only *pending* rows are processed, each in a savepoint, and a
processed row is *done*, so a redelivered job does nothing. It dispatches on the channel
type to ``_process_<channel_type>()``; a type without one is marked done with no effect.

Quo (``_process_quo``):

* ``message.received`` / ``message.delivered``: the customer's number (``from`` of an
  incoming message, the first ``to`` of an outgoing one) is normalised to E.164; a partner
  with that number → their open lead if any, else the partner; no partner → an open lead
  with that number, else a new ``crm.lead`` (source *Quo*, first message as description).
  The message is posted as a note in that chatter (direction, channel, body, media links,
  provider id, time). An incoming consent keyword (STOP, VOLTAR...) updates
  ``messaging.consent``.
* ``call.completed``: a note with direction, duration, answered or missed, voicemail and
  recording links, and the call's ``messaging.call`` record; a missed incoming call also
  schedules a *Call back* activity.
* ``call.summary.completed`` / ``call.transcript.completed`` / ``call.recording.completed``:
  the summary, transcript or recording links go on the same ``messaging.call`` (by call id).
* every message is also logged in ``messaging.message``; an incoming one is posted as the
  customer's comment (so ``base_automation`` *On incoming message* rules run), an outgoing
  one as a note. ``message.delivered`` for a message Odoo sent only moves its log row on.
* other Quo event types: done, no effect (kept for the record).

Failures: each row is processed in a savepoint, so a failure (database errors included:
a constraint, a trigger) rolls back everything the row wrote and nothing is half-written.
A transient database error (serialization, deadlock, lock) raises ``RetryableJobError`` so
that queue_job retries the job with the backoff of its job function; on the job's last
attempt, and for any other error, the row is marked *failed* with the error text and
``attempts`` + 1, and the job ends (no endless retries of an error that will not go away).
Failed rows stay visible in the inbox and *Retry* puts them back to pending and enqueues
them. A row is locked while processed, so two jobs for one row cannot both process it.
"""

import logging

from markupsafe import Markup, escape
from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.phone_validation.tools import phone_validation
from odoo.addons.queue_job.exception import RetryableJobError

from .messaging_message import parse_when

_logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, pg_errors.LockNotAvailable)
MAX_ERROR_LENGTH = 2000


class ProcessingError(Exception):
    """A stored event that cannot be processed as it is (not worth retrying)."""


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"

    # Entry points ------------------------------------------------------------------------
    def action_retry(self):
        """Put failed rows back to pending and enqueue them again (Messaging users, on rows
        they can read: the button is reachable over RPC with any ids, or none)."""
        if not self.env.user.has_group("crm_messaging.group_messaging_user"):
            raise AccessError(self.env._("Only Messaging users can retry inbound events."))
        self.check_access("read")
        rows = self.filtered(lambda row: row.state == "failed")
        if rows:
            rows.sudo().write({"state": "pending"})
            rows.sudo()._enqueue_processing()
        return True

    def _process(self):
        """Process each pending row (the ``queue_job`` job). See the module docstring."""
        # Run as the superuser in the row's company, whoever enqueued the job (the webhook
        # runs as the public user): records are created and posted by OdooBot.
        for pending in self.with_user(SUPERUSER_ID):
            row = pending.with_company(pending.company_id)
            if not row._lock_pending():
                continue
            try:
                # Everything the row creates (lead, messages, consent) lives in this
                # savepoint: a failure, database errors included, rolls all of it back and
                # leaves the transaction usable to record the error below.
                with self.env.cr.savepoint():
                    method = getattr(row, f"_process_{row.channel_id.channel_type}", None)
                    if method is not None:
                        method()
                    row.write({"state": "done", "error": False, "attempts": row.attempts + 1})
            except TRANSIENT_ERRORS as exc:
                if not row._is_last_attempt():
                    # queue_job rolls back and retries later with the function's backoff.
                    raise RetryableJobError(f"transient database error: {exc.__class__.__name__}") from exc
                row._mark_failed(exc)
            except Exception as exc:  # every failure must stay visible on the row
                row._mark_failed(exc)
        return True

    def _lock_pending(self):
        """Lock this row for the rest of the transaction; whether it is still pending.

        Two jobs for one row (a *Retry* while a job is queued, a requeued job) cannot both
        process it: the second waits for the lock, then sees the row done (or, under
        REPEATABLE READ, gets a serialization failure and retries later)."""
        self.ensure_one()
        self.flush_recordset(["state"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL("SELECT state FROM messaging_inbox WHERE id = %s FOR UPDATE", self.id))
                row = self.env.cr.fetchone()
        except TRANSIENT_ERRORS as exc:
            raise RetryableJobError(f"inbox row locked: {exc.__class__.__name__}") from exc
        self.invalidate_recordset(["state", "attempts", "error"])
        return bool(row) and row[0] == "pending"

    def _is_last_attempt(self):
        """Whether the running job may not be retried any more (or there is no job: a
        direct call has nobody to retry it), so a transient error must fail the row."""
        uuid = self.env.context.get("job_uuid")
        job = uuid and self.env["queue.job"].sudo().search([("uuid", "=", uuid)], limit=1)
        if not job:
            return True
        # ``retry`` counts the previous attempts; queue_job fails the job once the current
        # attempt reaches ``max_retries`` (0 = unlimited).
        return bool(job.max_retries) and job.retry + 1 >= job.max_retries

    def _mark_failed(self, exc):
        error = f"{exc.__class__.__name__}: {exc}".strip()[:MAX_ERROR_LENGTH]
        _logger.warning("messaging inbox %s: processing failed: %s", self.id, error)
        self.write({"state": "failed", "error": error, "attempts": self.attempts + 1})

    # Quo ---------------------------------------------------------------------------------
    def _process_quo(self):
        self.ensure_one()
        payload = self._payload_data()
        obj = payload.get("data", {}).get("object") if isinstance(payload, dict) else None
        if not isinstance(obj, dict):
            raise ProcessingError("data.object is missing")
        handler = {
            "message.received": self._quo_message,
            "message.delivered": self._quo_message,
            "call.completed": self._quo_call,
            "call.recording.completed": self._quo_call_content,
            "call.summary.completed": self._quo_call_content,
            "call.transcript.completed": self._quo_call_content,
        }.get(self.event_type)
        if handler:
            handler(obj, payload)

    def _quo_counterpart(self, obj):
        """``(incoming, raw customer number)`` of a Quo message or call object."""
        incoming = obj.get("direction") in ("incoming", "inbound")
        if incoming:
            number = obj.get("from")
            field = "from"
        else:
            number = obj.get("to")
            field = "to"
            if isinstance(number, list):
                number = number[0] if number else None
        if not isinstance(number, str) or not number.strip():
            raise ProcessingError(f"data.object.{field} is missing")
        return incoming, number.strip()

    def _quo_message(self, obj, payload):
        incoming, raw_number = self._quo_counterpart(obj)
        phone = self._normalize_phone(raw_number)
        body = obj.get("body") or obj.get("text") or ""
        if not isinstance(body, str):
            body = str(body)
        when = obj.get("createdAt") or payload.get("createdAt")
        provider_id = obj.get("id") if isinstance(obj.get("id"), str) else None
        status, error = self._quo_message_status(obj, incoming)
        if not incoming and self._update_logged_outbound(provider_id, status, error):
            return  # the provider's status event for a message Odoo sent: already in the chatter
        target, partner = self._find_or_create_target(phone, body, self.env._("SMS from %s", phone))
        direction = self.env._("SMS received") if incoming else self.env._("SMS sent")
        links = self._media_links(obj.get("media"))
        html = self._message_html(direction, phone, when=when, provider_id=provider_id, text=body, links=links)
        self._post(target, html, partner if incoming else False, phone if incoming else False, incoming=incoming)
        self._log_message(
            target, partner, incoming=incoming, address=phone, body=body, links=links,
            provider_id=provider_id, when=when, status=status, error=error,
        )
        if incoming:
            self._apply_consent_keyword(phone, body, target)

    def _quo_message_status(self, obj, incoming):
        """``(log status, error)`` of a Quo message object: an incoming one is *received*;
        an outgoing one (``message.delivered``) is what its ``status`` says, *delivered*
        unless Quo reports it undelivered / failed."""
        if incoming:
            return "received", None
        status = obj.get("status")
        if status in ("undelivered", "failed"):
            return "failed", self.env._("Quo reports the message as %s.", status)
        return ("sent", None) if status == "sent" else ("delivered", None)

    def _quo_call(self, obj, payload):
        incoming, raw_number = self._quo_counterpart(obj)
        phone = self._normalize_phone(raw_number)
        duration = obj.get("duration")
        answered = bool(obj.get("answeredAt")) or (obj.get("status") == "completed" and bool(duration))
        title = self.env._("Call from %s", phone) if incoming else self.env._("Call to %s", phone)
        target, partner = self._find_or_create_target(phone, "", title)
        direction = self.env._("Incoming call") if incoming else self.env._("Outgoing call")
        status = self.env._("answered") if answered else self.env._("missed")
        lines = [self.env._("%(status)s, duration %(duration)s s", status=status, duration=duration or 0)]
        links = []
        voicemail = obj.get("voicemail")
        if isinstance(voicemail, dict) and voicemail.get("url"):
            links.append((self.env._("Voicemail"), voicemail["url"]))
        links += self._media_links(obj.get("media"), label=self.env._("Recording"))
        html = self._message_html(
            direction,
            phone,
            when=obj.get("completedAt") or obj.get("createdAt") or payload.get("createdAt"),
            provider_id=obj.get("id"),
            text="\n".join(lines),
            links=links,
        )
        self._post(target, html, partner if incoming else False, phone if incoming else False)
        self._record_quo_call(obj, target, partner, phone=phone, incoming=incoming, answered=answered)
        if incoming and not answered and not self._backfilling():
            user = (target.user_id if "user_id" in target else False) or partner.user_id or self.channel_id.create_uid
            target.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._("Call back %s", phone),
                note=self.env._("Missed call on %s", self.channel_id.name),
                user_id=user.id,
            )

    def _record_quo_call(self, obj, target, partner, *, phone, incoming, answered):
        """Create or complete the ``messaging.call`` of a Quo ``call.completed`` object."""
        call_id = obj.get("id")
        if not isinstance(call_id, str) or not call_id:
            raise ProcessingError("data.object.id is missing")
        voicemail = obj.get("voicemail")
        duration = obj.get("duration")
        self._lock_customer(f"call:{call_id}")
        self.env["messaging.call"]._upsert(
            self.channel_id,
            call_id,
            {
                "direction": "inbound" if incoming else "outbound",
                "from_number": str(obj.get("from") or ""),
                "to_number": str(obj.get("to") or ""),
                "address": phone,
                **self.env["messaging.message"]._customer_values(target, partner),
                "started_at": parse_when(obj.get("createdAt")),
                "answered_at": parse_when(obj.get("answeredAt")),
                "ended_at": parse_when(obj.get("completedAt")),
                "duration": duration if isinstance(duration, int) and not isinstance(duration, bool) else 0,
                "answered": answered,
                "status": str(obj.get("status") or ""),
                "voicemail_url": voicemail.get("url") if isinstance(voicemail, dict) else False,
                "recording_urls": "\n".join(url for _label, url in self._media_links(obj.get("media"))),
                "inbox_id": self.id,
            },
        )

    def _quo_call_content(self, obj, payload):
        """``call.summary.completed`` / ``call.transcript.completed`` /
        ``call.recording.completed``: their content goes on the call's record (created
        bare when the call itself has not arrived yet)."""
        call_id = obj.get("callId") or (obj.get("id") if obj.get("object") == "call" else None)
        if not isinstance(call_id, str) or not call_id:
            raise ProcessingError("data.object.callId is missing")
        self._lock_customer(f"call:{call_id}")
        values = {}
        if self.event_type == "call.summary.completed":
            values["summary"] = self._quo_lines(obj.get("summary")) + self._quo_lines(obj.get("nextSteps"), "- ")
        elif self.event_type == "call.transcript.completed":
            values["transcript"] = self._quo_lines(
                [
                    f"{line.get('identifier') or ''}: {line.get('content') or ''}"
                    for line in obj.get("dialogue") or []
                    if isinstance(line, dict)
                ]
            )
        else:
            values["recording_urls"] = "\n".join(url for _label, url in self._media_links(obj.get("media")))
        self.env["messaging.call"]._upsert(self.channel_id, call_id, values)

    @staticmethod
    def _quo_lines(value, prefix=""):
        """A list of strings (or a string) as text lines."""
        items = value if isinstance(value, list) else [value] if value else []
        return "".join(f"{prefix}{item}\n" for item in items if isinstance(item, str) and item.strip())

    # Helpers -----------------------------------------------------------------------------
    def _default_country(self):
        return self.channel_id.company_id.country_id or self.env.ref("base.br")

    def _normalize_phone(self, number):
        """``number`` in E.164 (country: the channel company's, else Brazil); the number
        as given when it cannot be parsed."""
        formatted = self.env["res.partner"]._phone_format(number=number, country=self._default_country())
        return formatted or number

    def _find_partner(self, phone):
        """The partner with the E.164 ``phone``, whatever format their number is in."""
        Partner = self.env["res.partner"]
        company = [("company_id", "in", [False, self.channel_id.company_id.id])]
        partner = Partner.search([*company, ("phone_sanitized", "=", phone)], limit=1)
        if partner:
            return partner
        try:
            national = str(phone_validation.phone_parse(phone, self._default_country().code).national_number)
        except (UserError, AttributeError):
            return Partner
        if len(national) < 6:
            return Partner
        for candidate in Partner.search([*company, ("phone_mobile_search", "ilike", national)], limit=50):
            country = candidate.country_id or self._default_country()
            if Partner._phone_format(number=candidate.phone, country=country) == phone:
                return candidate
        return Partner

    def _open_lead(self, domain):
        return self.env["crm.lead"].search(
            [*domain, ("company_id", "in", [False, self.channel_id.company_id.id]), ("won_status", "=", "pending")],
            order="create_date desc, id desc",
            limit=1,
        )

    def _find_or_create_target(self, phone, first_message, lead_name):
        """``(record to post on, partner or empty)`` for the customer number ``phone``."""
        self._lock_customer(phone)
        partner = self._find_partner(phone)
        if partner:
            lead = self._open_lead([("partner_id", "=", partner.id)])
            return lead or partner, partner
        lead = self._open_lead([("phone_sanitized", "=", phone)])
        if not lead and self._backfilling():
            return self._any_lead([("phone_sanitized", "=", phone)]), partner
        if not lead:
            lead = (
                self.env["crm.lead"]
                .with_context(mail_create_nosubscribe=True)
                .create(
                    {
                        "name": lead_name,
                        "phone": phone,
                        "description": Markup("<p>%s</p>") % first_message if first_message else False,
                        "source_id": self._utm_source().id,
                        "company_id": self.channel_id.company_id.id,
                        "user_id": False,
                    }
                )
            )
        return lead, partner

    def _backfilling(self):
        """Whether this run only back-fills the conversation log from a row processed by
        an earlier version (``migrations/19.0.1.1.0``): it finds customers but creates no
        lead, posts nothing, schedules nothing and changes no consent."""
        return bool(self.env.context.get("messaging_backfill"))

    def _any_lead(self, domain):
        """The latest lead matching ``domain``, whatever its stage or state (back-filling)."""
        return self.env["crm.lead"].with_context(active_test=False).search(
            [*domain, ("company_id", "in", [False, self.channel_id.company_id.id])],
            order="create_date desc, id desc",
            limit=1,
        )

    def _utm_source(self):
        source = self.env.ref(f"crm_messaging.utm_source_{self.channel_id.channel_type}", raise_if_not_found=False)
        if source:
            return source
        name = dict(self.channel_id._fields["channel_type"].selection).get(self.channel_id.channel_type)
        Source = self.env["utm.source"]
        return Source.search([("name", "=", name)], limit=1) or Source.create({"name": name})

    def _media_links(self, media, label=None):
        links = []
        for index, item in enumerate(media if isinstance(media, list) else [], start=1):
            url = item.get("url") if isinstance(item, dict) else item
            if isinstance(url, str) and url.startswith(("https://", "http://")):
                links.append((f"{label or self.env._('Media')} {index}", url))
        return links

    def _message_html(self, direction, phone, *, when, provider_id, text, links):
        header = Markup("<p><b>%s</b> · %s · %s</p>") % (direction, self.channel_id.name, phone)
        parts = [header]
        if text:
            parts.append(Markup("<p>%s</p>") % Markup("<br/>").join(escape(line) for line in text.splitlines()))
        for name, url in links:
            parts.append(Markup('<p><a href="%s" target="_blank" rel="noopener">%s</a></p>') % (url, name))
        meta = [str(value) for value in (when, provider_id and f"id {provider_id}") if value]
        if meta:
            parts.append(Markup('<p class="text-muted small">%s</p>') % " · ".join(meta))
        return Markup("").join(parts)

    def _post(self, target, body, partner, phone, incoming=False):
        """Post ``body`` on ``target``: an incoming message as the customer's comment
        (author = ``partner``, else none and ``phone`` as sender), so that Odoo's
        ``base_automation`` *On incoming message* rules run on it; anything else as a note.
        Nothing when back-filling (the note of that time is already there)."""
        if self._backfilling():
            return
        target.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment" if incoming else "mail.mt_note",
            author_id=partner.id if partner else False,
            email_from=phone or self.channel_id.name,
        )
