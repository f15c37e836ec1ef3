"""Messaging channels: one connected provider account, and the contract of provider plug-ins.

Credentials are stored only encrypted (``*_enc`` columns, AES-GCM, key from the server
configuration, see ``tools/secret_box.py``) and only Messaging Managers can read or set
them. The clear fields ``api_key`` / ``webhook_secret`` are write-only: they always read
back empty, and the ``*_masked`` fields show at most the last 4 characters. Server code
reads a secret with :meth:`_get_secret`.

Provider plug-ins (the ``sms`` / ``sms_twilio`` shape): this file names no provider. Each
provider lives in ``models/messaging_channel_<type>.py`` (an ``_inherit`` of this model
adding its type with ``selection_add``) and its client ``tools/<type>.py``. The core asks
the channel through the hooks below, which call ``_<type>_<hook>`` when the provider
defines it, else the default written here:

* ``address_kind()``: ``"phone"`` (E.164 numbers: phone consent applies, the composer
  offers it when the customer has a number), ``"email"``, or ``None`` (default);
* ``verify(request_data)``: raise ``SignatureError`` unless the webhook is authentic;
  ``request_data`` is ``{"body": bytes, "headers": dict, "args": dict, "path": str
  (path and query string), "form": [(name, value)] (a form-encoded body, which Odoo has
  parsed), "mimetype": str}``. Default: every webhook is refused;
* ``decode(request_data)``: ``(text to store, payload dict)`` of a verified webhook
  (default: a JSON object body, see :meth:`_decode_json_body`);
* ``parse(payload)``: the list of normalised events (``{"event_id", "event_type",
  "known", ...}``, see ``tools/payloads.py``), ``MissingFieldError`` if incomplete;
* ``process(inbox_row)``: file one stored event (the ``queue_job`` job of the inbox);
  default: nothing to do;
* ``send(outbound)`` → the provider's message id; ``ping()`` → latency in ms; both raise
  ops_base's ``HttpCallError`` (``ops_base/tools/http.py``);
* ``can_reach(record, partner)``, ``default_recipient(record, partner, country)``,
  ``clean_recipient(recipient, country)``, ``check_recipient(recipient)``: what the
  composer offers and sends (defaults from ``address_kind``);
* ``consent_phone(outbound)``: the E.164 number whose consent governs a message (default:
  the recipient of a phone channel); ``blocked_reason(outbound)``: another reason not to
  send (the email blacklist applies to every email channel);
* ``conversation_domain(conversation_id)`` / ``link_conversation(target, conversation_id)``:
  providers with conversations of their own (default: none);
* ``message_labels()``: chatter headers of received / sent messages;
* ``demo_secrets()`` / ``demo_payloads()``: demo data.

The outbound circuit breaker's state is the channel's too: see ``messaging_circuit_breaker.py``.
"""

import logging
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from odoo.addons.ops_base.tools import json_body
from odoo.addons.ops_base.tools.http import HttpCallError

from ..tools import secret_box
from ..tools.demo_credentials import PUBLISHED_DEMO_SECRETS
from ..tools.signatures import SignatureError

_logger = logging.getLogger(__name__)

MANAGER = "crm_messaging.group_messaging_manager"
SECRET_FIELDS = ("api_key", "webhook_secret")
UNSUPPORTED_CHANNEL = "unsupported_channel"
DEFAULT_RATE_LIMIT = 1000
MAX_ERROR_LENGTH = 1000
JSON_MIMETYPES = ("application/json", "text/json")


class UnsupportedBody(ValueError):
    """A webhook body this channel cannot read: ``status`` and ``code`` of the answer."""

    def __init__(self, status, code):
        super().__init__(code)
        self.status = status
        self.code = code


class MessagingChannel(models.Model):
    _name = "messaging.channel"
    _description = "Messaging Channel"
    _inherit = ["mail.thread", "messaging.circuit.breaker.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    # Each provider adds its type with ``selection_add`` in its own file.
    channel_type = fields.Selection([], string="Type", required=True, tracking=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        [("draft", "Not connected"), ("connected", "Connected"), ("error", "Error")],
        default="draft",
        required=True,
        tracking=True,
    )
    last_error = fields.Text(readonly=True, copy=False)
    webhook_url = fields.Char(
        string="Webhook URL", compute="_compute_webhook_url", help="The address to register at the provider."
    )
    account_ref = fields.Char(
        string="Account", help="The account at the provider (its id or SID), for providers that need one."
    )
    base_url = fields.Char(string="API Base URL", help="Provider API base URL; leave empty for the provider default.")
    api_key_enc = fields.Char(string="Encrypted API Key", groups=MANAGER, copy=False, readonly=True)
    webhook_secret_enc = fields.Char(string="Encrypted Webhook Secret", groups=MANAGER, copy=False, readonly=True)
    api_key = fields.Char(
        string="API Key", compute="_compute_clear_secrets", inverse="_inverse_api_key", groups=MANAGER, copy=False
    )
    webhook_secret = fields.Char(
        compute="_compute_clear_secrets", inverse="_inverse_webhook_secret", groups=MANAGER, copy=False
    )
    api_key_masked = fields.Char(string="Current API Key", compute="_compute_masked_secrets", groups=MANAGER)
    webhook_secret_masked = fields.Char(
        string="Current Webhook Secret", compute="_compute_masked_secrets", groups=MANAGER
    )

    rate_limit_per_minute = fields.Integer(
        string="Webhook Rate Limit (per minute)",
        default=DEFAULT_RATE_LIMIT,
        help="Webhook deliveries accepted per minute for this channel; more are answered 429 "
        "with Retry-After, and the provider delivers them again later. 0 means no limit.",
    )

    double_opt_in = fields.Boolean(
        string="Double Opt-in",
        help="A first contact (or a START / VOLTAR) makes the consent pending and asks the customer to confirm "
        "with YES / SIM; only the confirmation opts them in.",
    )
    opt_in_request_text = fields.Text(
        string="Opt-in Request Message",
        default=lambda self: self.env._(
            "Hi! Reply YES (or SIM) to confirm you want to receive messages from %s. Reply STOP to opt out.",
            self.env.company.name,
        ),
        help="The verification message sent to the customer when double opt-in is on.",
    )

    sender_ref = fields.Char(
        string="Sender",
        help="What the provider sends from: a phone number (or the provider's id of it) or a verified sender "
        "address.",
    )
    _rate_limit_positive = models.Constraint(
        "CHECK (rate_limit_per_minute >= 0)", "The webhook rate limit cannot be negative."
    )

    @api.depends("channel_type")
    def _compute_webhook_url(self):
        base = self.get_base_url()
        for channel in self:
            channel.webhook_url = f"{base}/webhook/{channel.channel_type}/{channel.id}" if channel.id else False

    def _compute_clear_secrets(self):
        # Write-only: the clear values are never read back (see the module docstring).
        self.api_key = False
        self.webhook_secret = False

    def _inverse_api_key(self):
        self._store_secret("api_key")

    def _inverse_webhook_secret(self):
        self._store_secret("webhook_secret")

    def _store_secret(self, name):
        """Encrypt the clear value just written to ``name`` into ``<name>_enc``. An empty
        value leaves the stored secret as it is (saving a form does not wipe it)."""
        for channel in self:
            value = (channel[name] or "").strip()
            if value:
                channel.sudo()[f"{name}_enc"] = self._encrypt(value)

    @api.depends("api_key_enc", "webhook_secret_enc")
    def _compute_masked_secrets(self):
        for channel in self:
            for name in SECRET_FIELDS:
                masked = False
                if channel.sudo()[f"{name}_enc"]:
                    try:
                        masked = secret_box.mask(channel._get_secret(name))
                    except UserError:
                        masked = self.env._("Encrypted (no valid encryption key configured)")
                channel[f"{name}_masked"] = masked

    def _encrypt(self, value):
        try:
            return secret_box.encrypt(value)
        except secret_box.SecretBoxError as exc:
            raise UserError(self.env._("Cannot store the credential: %s", exc)) from None

    def _get_secret(self, name):
        """The clear value of secret ``name`` (``api_key`` or ``webhook_secret``), ``""``
        when unset; :class:`UserError` when it cannot be decrypted. Never log it."""
        self.ensure_one()
        if name not in SECRET_FIELDS:
            raise ValueError(name)
        token = self.sudo()[f"{name}_enc"]
        if not token:
            return ""
        try:
            return secret_box.decrypt(token)
        except secret_box.SecretBoxError as exc:
            raise UserError(
                self.env._("Cannot read the credential of channel %(channel)s: %(error)s", channel=self.name, error=exc)
            ) from None

    # Provider hooks (see the module docstring) -----------------------------------------
    def _provider_method(self, action):
        """The ``_<type>_<action>`` implementation of this channel's type, or ``None``."""
        self.ensure_one()
        return getattr(self, f"_{self.channel_type}_{action}", None)

    def _hook(self, action, *args, default=None):
        """Call ``_<type>_<action>(*args)`` when the provider has it, else ``default(*args)``
        (``None`` when there is no default)."""
        method = self._provider_method(action)
        if method is not None:
            return method(*args)
        return default(*args) if default else None

    def _address_kind(self):
        """``"phone"``, ``"email"`` or ``None``: what this channel's recipients are."""
        return self._hook("address_kind")

    # Inbound ------------------------------------------------------------------------------
    def _verify_request(self, request_data):
        """Raise ``SignatureError`` unless ``request_data`` is an authentic webhook for this
        channel. A type without a ``verify`` hook refuses everything."""
        if self._provider_method("verify") is None:
            raise SignatureError(UNSUPPORTED_CHANNEL, "this channel type accepts no webhooks")
        self._hook("verify", request_data)

    def _decode_webhook_body(self, request_data):
        """``(text to store, payload)`` of a verified webhook; :class:`UnsupportedBody`
        when it cannot be read (default: a JSON object body, 415 / 400 otherwise)."""
        return self._hook("decode", request_data, default=self._decode_json_body)

    @api.model
    def _decode_json_body(self, request_data):
        body, mimetype = request_data["body"], request_data["mimetype"]
        if mimetype not in JSON_MIMETYPES and not mimetype.endswith("+json"):
            raise UnsupportedBody(415, "unsupported_media_type")
        try:
            payload = json_body.loads_object(body)
        except ValueError:
            raise UnsupportedBody(400, "malformed_json") from None
        return body.decode("utf-8"), payload

    def _parse_payload(self, payload):
        """The normalised events of a verified payload (``MissingFieldError`` if incomplete,
        or when a message event does not say who the customer is)."""
        if self._provider_method("parse") is None:
            raise SignatureError(UNSUPPORTED_CHANNEL, "this channel type accepts no webhooks")
        return self._hook("parse", payload)

    def _process_inbox(self, row):
        """File the stored event ``row`` (``messaging.inbox``); nothing by default."""
        return self._hook("process", row)

    def _message_labels(self):
        """``{incoming: label}`` of the chatter header of a conversation message."""
        return self._hook(
            "message_labels",
            default=lambda: {True: self.env._("Message received"), False: self.env._("Message sent")},
        )

    def _conversation_domain(self, conversation_id):
        """The domain of the leads / partners linked to the provider conversation
        ``conversation_id`` of this channel, or ``None`` (providers without conversations)."""
        return self._hook("conversation_domain", conversation_id) if conversation_id else None

    def _link_conversation(self, target, conversation_id):
        """Remember that ``target`` talks in ``conversation_id`` (replies go there)."""
        if conversation_id and target:
            self._hook("link_conversation", target, conversation_id)

    # Outbound -----------------------------------------------------------------------------
    def _send_outbound(self, outbound):
        """Send ``outbound`` through the provider; the provider's message id."""
        if self._provider_method("send") is None:
            raise HttpCallError(f"channel type {self.channel_type} cannot send messages", retryable=False)
        return self._hook("send", outbound)

    def _ping(self):
        """A cheap authenticated call to the provider; the latency in ms."""
        return self._hook("ping")

    def _can_reach(self, record, partner):
        """Whether this channel can write to the customer of ``record`` (a lead or a
        partner) whose partner is ``partner``."""
        return bool(self._hook("can_reach", record, partner, default=self._default_can_reach))

    def _default_can_reach(self, record, partner):
        kind = self._address_kind()
        if kind == "phone":
            return bool(record.phone or partner.phone)
        if kind == "email":
            return bool(self._record_email(record) or partner.email)
        return False

    @api.model
    def _record_email(self, record):
        return record.email_from if record._name == "crm.lead" else record.email

    def _default_recipient(self, record, partner, country):
        """The address the composer proposes for ``record``."""
        return self._hook("default_recipient", record, partner, country, default=self._kind_recipient)

    def _kind_recipient(self, record, partner, country):
        kind = self._address_kind()
        if kind == "phone":
            return self._clean_recipient(record.phone or partner.phone, country)
        if kind == "email":
            return self._record_email(record) or partner.email or False
        return False

    def _clean_recipient(self, recipient, country):
        """``recipient`` as the provider expects it (E.164 for phones, normalised email)."""
        return self._hook("clean_recipient", recipient, country, default=self._kind_clean_recipient)

    def _kind_clean_recipient(self, recipient, country):
        recipient = (recipient or "").strip()
        if not recipient:
            return False
        kind = self._address_kind()
        if kind == "phone":
            return self.env["res.partner"]._phone_format(number=recipient, country=country) or recipient
        if kind == "email":
            return email_normalize(recipient) or recipient
        return recipient

    def _check_recipient(self, recipient):
        """Raise ``UserError`` when ``recipient`` cannot be an address of this channel."""
        if self._address_kind() == "email" and not email_normalize(recipient):
            raise UserError(self.env._("%s is not a valid email address.", recipient))
        self._hook("check_recipient", recipient)

    def _uses_subject(self):
        """Whether messages of this channel have a subject (email)."""
        return self._address_kind() == "email"

    def _consent_phone(self, outbound):
        """The E.164 number whose consent governs ``outbound``, or ``False``."""
        return self._hook(
            "consent_phone",
            outbound,
            default=lambda out: out.recipient if self._address_kind() == "phone" else False,
        )

    def _blocked_reason(self, outbound):
        """A reason of the provider's own not to send ``outbound`` (besides the phone
        consent, checked by the outbound), else ``False``."""
        if self._address_kind() == "email":
            email = email_normalize(outbound.recipient) or outbound.recipient
            if self.env["mail.blacklist"].sudo().search_count([("email", "=", email)], limit=1):
                return self.env._("%s is on the email blacklist: not sent.", email)
        return self._hook("blocked_reason", outbound) or False

    # Demo data ----------------------------------------------------------------------------
    def _demo_secrets(self):
        """``(api key, webhook secret or False)`` of a demo channel: random on every
        database, so that no published value makes forged webhooks valid on a demo database."""
        return self._hook("demo_secrets", default=self._demo_secrets_default)

    def _demo_secrets_default(self):
        return f"demo-{self.channel_type}-{secrets.token_urlsafe(24)}", secrets.token_urlsafe(32)

    def _demo_payloads(self):
        """Webhook payloads of a few demo conversations on this channel."""
        return self._hook("demo_payloads") or []

    # Webhook rate limit ------------------------------------------------------------------
    def _check_rate_limit(self):
        """Count one webhook delivery; ``None`` when under the limit, else the seconds to
        wait until the next window (the ``Retry-After`` of a 429)."""
        self.ensure_one()
        if not self.rate_limit_per_minute:
            return None
        count, retry_after = self.env["messaging.rate.limit"].sudo()._hit(self.id)
        return retry_after if count > self.rate_limit_per_minute else None

    # Test connection -----------------------------------------------------------------------
    def action_test_connection(self):
        """Call the provider's cheap endpoint; update the status and tell the user the
        latency or the error."""
        self.ensure_one()
        self.check_access("write")
        if self._provider_method("ping") is None:
            raise UserError(self.env._("This channel type has no connection test."))
        try:
            latency = self._ping()
        except HttpCallError as exc:
            self.sudo().write({"state": "error", "last_error": exc.message[:MAX_ERROR_LENGTH]})
            return self._notify(
                self.env._("Connection failed"),
                self.env._("%(channel)s: %(error)s", channel=self.name, error=exc.message),
                "danger",
            )
        self.sudo().write({"state": "connected", "last_error": False})
        return self._notify(
            self.env._("Connection successful"),
            self.env._("%(channel)s answered in %(ms)s ms.", channel=self.name, ms=latency),
            "success",
        )

    @api.model
    def _notify(self, title, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": kind,
                "sticky": kind == "danger",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_reset_circuit(self):
        """Let a manager close an open circuit by hand."""
        self.check_access("write")
        self.sudo().write({"consecutive_failures": 0, "circuit_open_until": False})
        return True

    # Demo data helpers (demo/messaging_demo.xml, migrations) ----------------------------
    @api.model
    def _demo_set_credentials(self, channel_ids):
        """Random dummy credentials on the demo channels, when the server has an encryption
        key (a manager sees them masked and replaces them with the real ones)."""
        try:
            secret_box.load_key()
        except secret_box.SecretBoxError:
            _logger.warning("crm_messaging demo: no encryption key configured, demo channels have no credentials")
            return
        for channel in self.browse(channel_ids).exists():
            api_key, webhook_secret = channel._demo_secrets()
            channel.write({"api_key": api_key, **({"webhook_secret": webhook_secret} if webhook_secret else {})})

    @api.model
    def _demo_rotate_published_credentials(self):
        """Replace, on every channel, a credential equal to one of the published demo
        values by a random one (called by the 19.0.1.0.1 migration); the channels changed."""
        if not secret_box.is_configured():
            return self.browse()
        changed = self.browse()
        for channel in self.with_context(active_test=False).search([]):
            fresh = dict(zip(SECRET_FIELDS, channel._demo_secrets(), strict=True))
            values = {}
            for name in SECRET_FIELDS:
                try:
                    stale = channel._get_secret(name) in PUBLISHED_DEMO_SECRETS
                except UserError:
                    continue
                if stale:
                    values[name] = fresh[name] or secrets.token_urlsafe(32)
            if values:
                channel.write(values)
                changed |= channel
        if changed:
            _logger.warning("crm_messaging: published demo credentials replaced on channels %s", changed.ids)
        return changed
