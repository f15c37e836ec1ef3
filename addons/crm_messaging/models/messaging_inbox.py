"""Inbox of raw inbound webhook events, stored before any processing, and their processing.

One row per provider event and channel: ``(channel_id, provider_event_id)`` is unique, so
a redelivered event is recognised and creates nothing. Rows are written by the webhook
controller only (as superuser); users and managers read them.

States: *pending* (to process, a ``queue_job`` job is enqueued on insert), *done*
(processed), *failed* (processing failed, see ``error``; *Retry* puts it back to pending),
*ignored* (an event type this addon does not handle: kept for the record, never
processed, and acknowledged so that the provider does not retry it).

Processing (``_process``, the job) is idempotent: only *pending* rows are processed, each
in a savepoint, and a processed row is *done*, so a redelivered job does nothing. What an
event means is the provider's business: the row asks its channel (``_process_inbox``, see
``messaging.channel``); the provider-neutral rules of filing live here:

* a phone customer (:meth:`_find_or_create_target`): a partner with that E.164 number →
  their open lead if any, else the partner; no partner → an open lead with that number,
  else a new ``crm.lead`` (source = the channel type, first message as description);
* a conversation message (:meth:`_file_conversation_message`, a
  ``tools.conversations.ConversationMessage``): found by the provider conversation already
  linked, the phone, the email; a phone / email the channel does not verify
  (``identity_verified`` false) is not used at all. An incoming message from nobody known
  creates a lead; an outgoing one never creates anything;
* every message is logged (``messaging.message``) and posted: an incoming one as the
  customer's comment (so ``base_automation`` *On incoming message* rules run), an outgoing
  one as a note; a status receipt of a message Odoo sent only moves its log row on;
* an incoming keyword updates the consent (:meth:`_apply_consent_keyword`): opt-out
  keywords always opt out at once; without the channel's ``double_opt_in`` an opt-in
  keyword opts in, and so does a confirming word (YES, SIM...) from a number that opted out
  (CTIA: YES re-subscribes); with it, a first contact or an opt-in keyword makes the
  consent *pending* and queues the verification message, and a confirming reply opts in. A
  HELP / AJUDA keyword is answered with the configured help message (CTIA / TCPA). The
  keyword lists are configurable in Settings; the ledger is the history, and Odoo's
  ``phone.blacklist`` follows it (``messaging.consent._sync_phone_blacklist``).

Failures, one retry policy: each row is processed in a savepoint, so a failure (database
errors included) rolls back everything the row wrote and nothing is half-written. A
transient database error (serialization, deadlock, lock) raises ``RetryableJobError``:
queue_job retries the job with its job function's ``retry_pattern``
(``data/queue_job_data.xml``) and, once ``max_retries`` is reached, fails the job and calls
the job function's ``on_fail_method``, :meth:`_on_job_failed`, which marks the row
*failed* with the error (nothing is left pending forever, nothing is lost). Any other error
is not worth retrying: the row is *failed* at once and the job ends. Failed rows stay
visible in the inbox and *Retry* puts them back to pending and enqueues them. A row is
locked while processed, so two jobs for one row cannot both process it.

``GET /messaging/health`` reads :meth:`_health_report`.
"""

import json
import logging
from datetime import timedelta

from markupsafe import Markup, escape
from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, email_normalize

from odoo.addons.ops_base.tools import json_body
from odoo.addons.phone_validation.tools import phone_validation
from odoo.addons.queue_job.exception import RetryableJobError

from ..tools import keywords
from .messaging_message import parse_when

_logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, pg_errors.LockNotAvailable)
MAX_ERROR_LENGTH = 2000
MAX_RETRIES = 5
HEALTH_PARAM = "crm_messaging.health_token"


class ProcessingError(Exception):
    """A stored event that cannot be processed as it is (not worth retrying)."""

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
                     create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', %s, %s, now() at time zone 'UTC',
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
                max_retries=MAX_RETRIES,
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

    def _update_logged_outbound(self, provider_id, status, error=None, when=None):
        """Move the log row of a message Odoo sent (``provider_id`` on this channel) to
        ``status`` (a provider's status receipt, stamped ``when`` if given); whether there
        was one."""
        if not provider_id:
            return False
        log = self.env["messaging.message"].sudo().search(
            [("channel_id", "=", self.channel_id.id), ("provider_message_id", "=", provider_id),
             ("outbound_id", "!=", False)],
            limit=1,
        )
        log._set_status(status, when=parse_when(when) if when else None, error=error)
        return bool(log)

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
                    row.channel_id._process_inbox(row)
                    row.write({"state": "done", "error": False})
            except TRANSIENT_ERRORS as exc:
                # queue_job rolls back and retries later with the function's backoff; after
                # the last retry it calls _on_job_failed (the job function's on_fail_method).
                raise RetryableJobError(f"transient database error: {exc.__class__.__name__}") from exc
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
        self.invalidate_recordset(["state", "error"])
        return bool(row) and row[0] == "pending"

    def _on_job_failed(self, exc_name=None, exc_message=None, **_fail_values):
        """queue_job gave up on the processing job of these rows (its ``max_retries``
        reached on a transient error): mark the rows still pending *failed* with the job's
        error, so that they show in the inbox and *Retry* can take them again. Called by
        queue_job (the job function's ``on_fail_method``) once the job is stored failed."""
        error = f"{(exc_name or '').rsplit('.', 1)[-1]}: {exc_message or ''}".strip(": ")[:MAX_ERROR_LENGTH]
        rows = self.sudo().filtered(lambda row: row.state == "pending")
        if rows:
            _logger.warning("messaging inbox %s: processing job failed: %s", rows.ids, error)
            rows.write({"state": "failed", "error": error or self.env._("The processing job failed.")})

    def _mark_failed(self, exc):
        error = f"{exc.__class__.__name__}: {exc}".strip()[:MAX_ERROR_LENGTH]
        _logger.warning("messaging inbox %s: processing failed: %s", self.id, error)
        self.write({"state": "failed", "error": error})

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

    # Conversations ---------------------------------------------------------------
    def _file_conversation_message(self, message, lead_name):
        """File ``message`` (a ``ConversationMessage``); the lead or partner posted on, or
        ``None`` when there is nothing to file (``message.skip``, unknown outgoing)."""
        self.ensure_one()
        if message.skip or self._is_echo_of_outbound(message):
            return None
        phone = self._normalize_phone(message.phone) if message.phone else False
        email = email_normalize(message.email or "") or False
        if not message.identity_verified:
            phone = email = False  # typed by the sender: not proof of who they are
        self._lock_customer(phone or email or f"conversation:{message.conversation_id}")
        target, partner = self._find_contact(phone, email, message.conversation_id)
        if not target:
            if not message.incoming:
                return None
            if self._backfilling():
                # A customer unknown now: logged without one (nothing is created).
                key = ("phone_sanitized", phone) if phone else ("email_normalized", email)
                target = self._any_lead([(key[0], "=", key[1])]) if key[1] else None
            else:
                target = self._create_conversation_lead(phone, email, message, lead_name)
        address = phone or email or message.name or ""
        labels = self.channel_id._message_labels()
        links = self._media_links(message.media)
        html = self._message_html(
            labels[message.incoming],
            address,
            when=message.when,
            provider_id=message.provider_id,
            text=message.body,
            links=links,
        )
        incoming = message.incoming
        self._post(target, html, partner if incoming else False, address if incoming else False, incoming=incoming)
        self._log_message(
            target, partner, incoming=incoming, address=address, body=message.body, links=links,
            provider_id=message.provider_id, when=message.when, status="received" if incoming else "sent",
        )
        if message.conversation_id and target and not self._backfilling():
            self.channel_id._link_conversation(target, message.conversation_id)
        if message.incoming and phone:
            self._apply_consent_keyword(phone, message.body, target)
        return target

    def _is_echo_of_outbound(self, message):
        """Whether ``message`` is the provider's copy of a message Odoo sent (some providers
        echo our replies as ``outgoing`` webhooks): its trace is already in the chatter."""
        if message.incoming or not message.provider_id:
            return False
        return bool(self.env["messaging.outbound"].sudo().search_count([
            ("channel_id", "=", self.channel_id.id),
            ("provider_message_id", "=", message.provider_id),
        ], limit=1))

    def _lock_customer(self, key):
        """Serialise the processing of one customer's messages (see
        ``messaging.customer.lock``), so that parallel jobs create one lead, not two."""
        self.env["messaging.customer.lock"].sudo()._lock(self.channel_id.company_id, key)

    def _find_contact(self, phone, email, conversation_id):
        """``(lead or partner to post on, partner)``; ``(None, empty partner)`` if unknown."""
        Partner = self.env["res.partner"]
        linked = self.channel_id._conversation_domain(conversation_id)
        if linked:
            lead = self._open_lead(linked)
            if lead:
                return lead, lead.partner_id
            partner = Partner.search(linked, limit=1)
            if partner:
                return self._open_lead([("partner_id", "=", partner.id)]) or partner, partner
        partner = phone and self._find_partner(phone)
        if not partner and email:
            partner = Partner.search(
                [("company_id", "in", [False, self.channel_id.company_id.id]), ("email_normalized", "=", email)],
                limit=1,
            )
        if partner:
            return self._open_lead([("partner_id", "=", partner.id)]) or partner, partner
        lead = phone and self._open_lead([("phone_sanitized", "=", phone)])
        if not lead and email:
            lead = self._open_lead([("email_normalized", "=", email)])
        return lead or None, Partner

    def _create_conversation_lead(self, phone, email, message, lead_name):
        description = Markup("<p>%s</p>") % message.body if message.body else Markup()
        typed = [value for value in (message.email, message.phone) if value and not message.identity_verified]
        if typed:
            # Kept for the salesperson, outside the contact fields that matching trusts.
            description += Markup("<p><i>%s</i></p>") % self.env._(
                "Contact details typed by the visitor, not verified: %s", ", ".join(typed)
            )
        return (
            self.env["crm.lead"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "name": lead_name,
                    "contact_name": message.name or False,
                    "phone": phone or False,
                    "email_from": email or False,
                    "description": description or False,
                    "source_id": self._utm_source().id,
                    "company_id": self.channel_id.company_id.id,
                    "user_id": False,
                }
            )
        )

    # Consent ---------------------------------------------------------------------
    def _consent_keywords(self):
        param = self.env["ir.config_parameter"].sudo().get_param
        return {
            "opt_out": keywords.parse_keywords(param("crm_messaging.opt_out_keywords"), keywords.DEFAULT_OPT_OUT),
            "opt_in": keywords.parse_keywords(param("crm_messaging.opt_in_keywords"), keywords.DEFAULT_OPT_IN),
            "confirm": keywords.parse_keywords(param("crm_messaging.confirm_keywords"), keywords.DEFAULT_CONFIRM),
            "help_words": keywords.parse_keywords(param("crm_messaging.help_keywords"), keywords.DEFAULT_HELP),
        }

    def _apply_consent_keyword(self, phone, body, target=None):
        """Update the consent of ``phone`` for an incoming message ``body`` posted on
        ``target`` (see the module docstring); the new consent state, or ``None``."""
        self.ensure_one()
        if self._backfilling():
            return None
        reply = keywords.classify_reply(body, **self._consent_keywords())
        if reply == "help":
            self._send_help_reply(phone, target)
            return None
        return self._apply_consent_reply(phone, reply, target)

    def _apply_consent_reply(self, phone, reply, target):
        """The consent change of a classified ``reply`` (see :meth:`_apply_consent_keyword`)."""
        channel = self.channel_id
        Consent = self.env["messaging.consent"]
        source = self.env._("Inbound keyword on %(channel)s", channel=channel.name)
        current = Consent._get_consent(phone, channel.channel_type)
        single = not channel.double_opt_in
        if reply == "opt_out" or (
            single and (reply == "opt_in" or (reply == "confirm" and current.state == "opted_out"))
        ):
            state = "opted_out" if reply == "opt_out" else "opted_in"
            Consent._record_consent(phone, channel.channel_type, state, source)
            return state
        if single:
            return None
        if reply == "confirm" and current.state == "pending" and current.requested_at:
            source = self.env._("Double opt-in confirmed on %s", channel.name)
            Consent._confirm_opt_in(phone, channel.channel_type, source)
            return "opted_in"
        if reply == "opt_in" or not current:
            consent = Consent._request_opt_in(phone, channel, self.env._("Double opt-in requested on %s", channel.name))
            consent._send_opt_in_request(target)
            if target:
                target.message_post(
                    body=Markup("<p><b>%s</b></p><p>%s</p>")
                    % (self.env._("Opt-in confirmation requested"), consent.request_text),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            return "pending"
        return None

    def _help_text(self):
        """The answer to HELP / AJUDA: the configured text (Settings), else one naming the
        business, how to stop and how to reach it (CTIA Messaging Principles)."""
        text = self.env["ir.config_parameter"].sudo().get_param("crm_messaging.help_text")
        if text and text.strip():
            return text.strip()
        company = self.channel_id.company_id
        contact = company.phone or company.email or company.website
        return self.env._(
            "%(company)s: messages about your orders and deliveries. Reply STOP (or SAIR) to stop "
            "receiving them.%(contact)s",
            company=company.name,
            contact=self.env._(" Help: %s", contact) if contact else "",
        )

    def _send_help_reply(self, phone, target):
        """Queue the help message to ``phone`` through this row's channel (phone channels:
        the customer's number is where the answer goes), traced on ``target``. Nothing is
        sent while back-filling."""
        channel = self.channel_id
        if self._backfilling() or channel._address_kind() != "phone":
            return
        vals = {"channel_id": channel.id, "recipient": phone, "body": self._help_text()}
        if target:
            vals.update(res_model=target._name, res_id=target.id,
                        partner_id=target.partner_id.id if target._name == "crm.lead" else target.id)
        # Always a real job, even when this row is processed inline: no provider call here.
        self.env["messaging.outbound"].sudo().with_context(queue_job__no_delay=False)._queue([vals])

    # Health ----------------------------------------------------------------------
    @api.model
    def _health_report(self):
        """Per active channel: state, backlog, failures and deliveries of the last hour.
        Three grouped queries, whatever the number of channels."""
        channels = self.env["messaging.channel"].search([], order="id")
        since = fields.Datetime.now() - timedelta(hours=1)
        pending = {
            channel.id: (count, oldest)
            for channel, count, oldest in self._read_group(
                [("state", "=", "pending"), ("channel_id", "in", channels.ids)],
                ["channel_id"],
                ["__count", "received_at:min"],
            )
        }
        failed = dict(
            self._read_group(
                [("state", "=", "failed"), ("write_date", ">=", since), ("channel_id", "in", channels.ids)],
                ["channel_id"],
                ["__count"],
            )
        )
        received = dict(
            self._read_group(
                [("received_at", ">=", since), ("channel_id", "in", channels.ids)], ["channel_id"], ["__count"]
            )
        )
        now = fields.Datetime.now()
        rows = []
        for channel in channels:
            backlog, oldest = pending.get(channel.id, (0, None))
            rows.append(
                {
                    "id": channel.id,
                    "name": channel.name,
                    "type": channel.channel_type,
                    "company": channel.company_id.name,
                    "state": channel.state,
                    "backlog": backlog,
                    "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else None,
                    "failures_last_hour": failed.get(channel, 0),
                    "received_last_hour": received.get(channel, 0),
                }
            )
        totals = {key: sum(row[key] for row in rows) for key in ("backlog", "failures_last_hour", "received_last_hour")}
        degraded = totals["failures_last_hour"] or any(row["state"] == "error" for row in rows)
        return {"status": "degraded" if degraded else "ok", "channels": rows, "totals": totals}

    # Demo data -----------------------------------------------------------------------------
    @api.model
    def _demo_load_conversations(self, channel_ids):
        """A few conversations on each demo channel (its ``demo_payloads`` hook), stored as
        the webhook stores them and processed at once (``demo/messaging_demo.xml``)."""
        rows = self.browse()
        inline = self.with_context(queue_job__no_delay=True)
        for channel in self.env["messaging.channel"].browse(channel_ids):
            for payload in channel._demo_payloads():
                for event in channel._parse_payload(payload):
                    rows |= inline._store_event(channel, event, json.dumps(payload))
        return rows
