import json

import pyotp

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ops_base.tools.browser_host import host_of

from ..tools import secret_box

# pg_try_advisory_xact_lock(namespace, account id): one robot session per account.
LOCK_NAMESPACE = 160016


class RetailPortalAccount(models.Model):
    """Our login at a retailer's portal: where (``portal_url``), with what (login,
    password, TOTP secret: stored encrypted, write-only) and the saved session (an
    encrypted cookie jar, reused until the portal expires it).

    Secrets are decrypted only by the booking job (:meth:`_robot_secrets`), never shown
    or logged. The robot types them only into pages of ``portal_url``'s host.
    """

    _name = "retail.portal.account"
    _description = "Retail Portal Account"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    recipe_id = fields.Many2one("retail.portal.recipe", required=True, tracking=True, ondelete="restrict")
    retailer_id = fields.Many2one(related="recipe_id.retailer_id", store=True, index=True)
    portal_url = fields.Char(required=True, tracking=True,
                             help="Base address of the portal, e.g. https://agendamento.retailer.com.br/ . "
                                  "Secrets are typed only into pages of its host.")
    login = fields.Char(tracking=True)
    password_enc = fields.Char(groups="base.group_system", copy=False)
    totp_enc = fields.Char(groups="base.group_system", copy=False)
    session_enc = fields.Char(groups="base.group_system", copy=False)
    password = fields.Char(compute="_compute_secrets", inverse="_inverse_password",
                           help="Stored encrypted; leave empty to keep the current one.")
    totp_secret = fields.Char(string="2FA Secret (TOTP)", compute="_compute_secrets", inverse="_inverse_totp",
                              help="The base32 secret of the portal's authenticator app setup (not a code). "
                                   "Stored encrypted; leave empty to keep the current one.")
    has_password = fields.Boolean(compute="_compute_secrets")
    has_totp = fields.Boolean(compute="_compute_secrets", string="Has 2FA")
    session_saved_at = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends_context("uid")
    def _compute_secrets(self):
        for account in self:
            stored = account.sudo()
            account.password = account.totp_secret = False  # write-only
            account.has_password = bool(stored.password_enc)
            account.has_totp = bool(stored.totp_enc)

    def _inverse_password(self):
        for account in self.filtered("password"):
            account.sudo().write({"password_enc": self._seal("password", account.password),
                                  "session_enc": False, "session_saved_at": False})

    def _inverse_totp(self):
        for account in self.filtered("totp_secret"):
            secret = account.totp_secret.replace(" ", "").upper()
            try:
                pyotp.TOTP(secret).now()
            except (ValueError, TypeError):
                raise UserError(self.env._("The 2FA secret is not a valid base32 TOTP secret.")) from None
            account.sudo().totp_enc = self._seal("totp", secret)

    def _seal(self, purpose, text):
        try:
            return secret_box.box(purpose).encrypt(text)
        except secret_box.SecretBoxError as exc:
            raise UserError(self.env._("The secret cannot be stored encrypted: %s", exc)) from None

    def _open(self, purpose, token):
        try:
            return secret_box.box(purpose).decrypt(token)
        except secret_box.SecretBoxError as exc:
            raise UserError(self.env._("A secret of the portal account %(account)s cannot be read: %(error)s",
                                       account=self.display_name, error=exc)) from None

    def _robot_secrets(self):
        """The decrypted credentials for the browser robot (the TOTP as a callable that
        gives the current code when the step runs). Call only inside the booking job."""
        self.ensure_one()
        stored = self.sudo()
        secrets = {"login": stored.login or ""}
        if stored.password_enc:
            secrets["password"] = self._open("password", stored.password_enc)
        if stored.totp_enc:
            totp = pyotp.TOTP(self._open("totp", stored.totp_enc))
            secrets["totp"] = totp.now
        return secrets

    def _session_cookies(self):
        """The saved cookie jar, or None (never saved, or unreadable: log in again)."""
        token = self.sudo().session_enc
        if not token:
            return None
        try:
            return json.loads(secret_box.box("session").decrypt(token))
        except (secret_box.SecretBoxError, ValueError):
            return None

    def _save_session(self, cookies):
        """Keep the portal's cookies (encrypted) for the next run; only the portal's own."""
        host = host_of(self.portal_url).split(":", 1)[0]
        own = [cookie for cookie in cookies or [] if cookie.get("domain", "").lstrip(".") == host]
        self.sudo().write({
            "session_enc": self._seal("session", json.dumps(own)) if own else False,
            "session_saved_at": fields.Datetime.now() if own else False,
        })

    def _try_lock(self):
        """Take this account's robot lock for the current transaction: False when
        another job holds it (a session of this account is running)."""
        self.ensure_one()
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, self.id])
        return self.env.cr.fetchone()[0]

    def action_forget_session(self):
        """Drop the saved session: the next booking logs in again."""
        self.check_access("write")
        self.sudo().write({"session_enc": False, "session_saved_at": False})
        return True
