"""Messaging channels: one connected provider account (Quo, Uazapi, Chatwoot, SendGrid).

Credentials are stored only encrypted (``*_enc`` columns, AES-GCM, key from the server
configuration, see ``tools/secret_box.py``) and only Messaging Managers can read or set
them. The clear fields ``api_key`` / ``webhook_secret`` are write-only: they always read
back empty, and the ``*_masked`` fields show at most the last 4 characters. Server code
reads a secret with :meth:`_get_secret`.

Provider plug-ins add a type with ``selection_add`` and implement, in their own file:

* ``_<type>_verify(request_data)``: raise ``SignatureError`` unless the request is
  authentic; ``request_data`` is ``{"body": bytes, "headers": dict, "args": dict}``;
* ``_<type>_parse(payload)``: the list of normalised events of a verified JSON payload
  (``{"event_id", "event_type", "known", ...}``, see ``tools/payloads.py``).

A type without these methods refuses every webhook.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import secret_box
from ..tools.signatures import SignatureError

MANAGER = "crm_messaging.group_messaging_manager"
SECRET_FIELDS = ("api_key", "webhook_secret")
UNSUPPORTED_CHANNEL = "unsupported_channel"


class MessagingChannel(models.Model):
    _name = "messaging.channel"
    _description = "Messaging Channel"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    channel_type = fields.Selection(
        [
            ("quo", "Quo (SMS and calls)"),
            ("uazapi", "Uazapi (WhatsApp)"),
            ("chatwoot", "Chatwoot"),
            ("sendgrid", "SendGrid"),
        ],
        string="Type",
        required=True,
        tracking=True,
    )
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
    account_ref = fields.Char(string="Account", help="Provider account reference, e.g. the Chatwoot account id.")
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

    def _provider_method(self, action):
        """The ``_<type>_<action>`` implementation of this channel's type, or ``None``."""
        self.ensure_one()
        return getattr(self, f"_{self.channel_type}_{action}", None)

    def _verify_request(self, request_data):
        """Raise ``SignatureError`` unless ``request_data`` is an authentic webhook for this
        channel. A type without a ``_<type>_verify`` refuses everything."""
        method = self._provider_method("verify")
        if method is None:
            raise SignatureError(UNSUPPORTED_CHANNEL, "this channel type accepts no webhooks")
        method(request_data)

    def _parse_payload(self, payload):
        """The normalised events of a verified payload (``MissingFieldError`` if incomplete)."""
        method = self._provider_method("parse")
        if method is None:
            raise SignatureError(UNSUPPORTED_CHANNEL, "this channel type accepts no webhooks")
        return method(payload)
