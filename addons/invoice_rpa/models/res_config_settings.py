from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import http_download, s3_storage
from .rpa_settings_secret import SECRETS

PARAM_JOB_TIMEOUT = "invoice_rpa.job_timeout_minutes"

PARAM_POLL_INTERVAL = "invoice_rpa.poll_interval_seconds"

PARAM_MAX_RETRIES = "invoice_rpa.max_retries"

PARAM_CONCURRENCY = "invoice_rpa.concurrency_limit"

PARAM_DOWNLOAD_ALLOWLIST = "invoice_rpa.download_allowlist"


class ResConfigSettings(models.TransientModel):
    """Invoice RPA settings: S3-compatible storage of invoice PDFs and the SAT endpoint.

    Secrets (S3 secret key, SAT token) are write-only, for administrators only, stored
    encrypted (``rpa.settings.secret``) and never logged.
    """

    _inherit = "res.config.settings"

    invoice_rpa_s3_endpoint_url = fields.Char(
        string="S3 Endpoint URL",
        config_parameter="invoice_rpa.s3_endpoint_url",
        groups="base.group_system",
        help="Leave empty for AWS S3; e.g. https://minio.example.com:9000 for MinIO.",
    )
    invoice_rpa_s3_bucket = fields.Char(
        string="S3 Bucket",
        config_parameter="invoice_rpa.s3_bucket",
        groups="base.group_system",
        help="Without a bucket, invoice PDFs are stored as attachments in Odoo.",
    )
    invoice_rpa_s3_region = fields.Char(
        string="S3 Region",
        config_parameter="invoice_rpa.s3_region",
        groups="base.group_system",
        help="e.g. sa-east-1; empty means us-east-1 (what MinIO expects by default).",
    )
    invoice_rpa_s3_access_key = fields.Char(
        string="S3 Access Key", config_parameter="invoice_rpa.s3_access_key", groups="base.group_system"
    )
    # write-only: stored encrypted by rpa.settings.secret, never read back into the form
    invoice_rpa_s3_secret_key = fields.Char(
        string="S3 Secret Key",
        compute="_compute_invoice_rpa_secrets",
        inverse="_inverse_invoice_rpa_s3_secret_key",
        groups="base.group_system",
        help="Stored encrypted; leave empty to keep the current one.",
    )
    invoice_rpa_s3_secret_key_state = fields.Char(
        string="S3 Secret Key Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system"
    )
    invoice_rpa_sat_url = fields.Char(
        string="SAT Upload URL",
        config_parameter="invoice_rpa.sat_url",
        groups="base.group_system",
        help="URL receiving approved invoices as a multipart POST (file + client VAT, operator, period).",
    )
    invoice_rpa_sat_token = fields.Char(
        string="SAT Token",
        compute="_compute_invoice_rpa_secrets",
        inverse="_inverse_invoice_rpa_sat_token",
        groups="base.group_system",
        help="Sent as 'Authorization: Bearer <token>'. Stored encrypted; leave empty to keep the current one.",
    )
    invoice_rpa_sat_token_state = fields.Char(
        string="SAT Token Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system"
    )
    invoice_rpa_sat_timeout = fields.Integer(
        string="SAT Timeout (s)", config_parameter="invoice_rpa.sat_timeout", default=30, groups="base.group_system"
    )

    def _compute_invoice_rpa_secrets(self):
        """Secrets are write-only: the form shows "set" or "not set", never the value."""
        Secret = self.env["rpa.settings.secret"]
        for settings in self:
            for name in SECRETS:
                field = f"invoice_rpa_{name}"
                if field in settings._fields:
                    settings[field] = False
                    settings[f"{field}_state"] = (
                        self.env._("set") if Secret._has_secret(name) else self.env._("not set")
                    )

    def _invoice_rpa_store_secret(self, name):
        value = self[f"invoice_rpa_{name}"]
        if value:  # empty keeps the current secret
            self.env["rpa.settings.secret"]._set_secret(name, value)

    def _inverse_invoice_rpa_s3_secret_key(self):
        self._invoice_rpa_store_secret("s3_secret_key")

    def _inverse_invoice_rpa_sat_token(self):
        self._invoice_rpa_store_secret("sat_token")

    def action_invoice_rpa_test_s3(self):
        """Check the S3 settings shown on the form (saved or not) with a HeadBucket call;
        show the outcome as a notification. Writes nothing (a secret typed in the form is
        stored encrypted, as the form is saved before any button runs)."""
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators can test the storage settings."))
        bucket = (self.invoice_rpa_s3_bucket or "").strip()
        if not bucket:
            raise UserError(self.env._("Set an S3 bucket first; without one, invoices are stored in Odoo."))
        try:
            s3_storage.check_bucket(
                bucket,
                endpoint_url=(self.invoice_rpa_s3_endpoint_url or "").strip() or None,
                region=(self.invoice_rpa_s3_region or "").strip() or None,
                access_key=(self.invoice_rpa_s3_access_key or "").strip(),
                secret_key=self.env["rpa.settings.secret"]._get_secret("s3_secret_key"),
            )
        except s3_storage.StorageError as exc:
            return self._invoice_rpa_notify("danger", self.env._("S3 connection failed"), exc.message)
        return self._invoice_rpa_notify(
            "success",
            self.env._("S3 connection works"),
            self.env._("The bucket %s can be reached with these credentials.", bucket),
        )

    def _invoice_rpa_notify(self, kind, title, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "title": title, "message": message, "sticky": kind == "danger"},
        }

    # Robot settings of Invoice RPA: the external RPA API secret, the callback token and the
    # limits of robot runs. Secrets are for administrators only and never logged.
    # write-only, stored encrypted (see res_config_settings.py)
    invoice_rpa_api_token = fields.Char(
        string="RPA API Secret",
        compute="_compute_invoice_rpa_secrets",
        inverse="_inverse_invoice_rpa_api_token",
        groups="base.group_system",
        help="Secret signing the HS256 JWT sent as 'Authorization: Bearer …' to the external RPA API. "
        "Stored encrypted; leave empty to keep the current one.",
    )

    invoice_rpa_api_token_state = fields.Char(
        string="RPA API Secret Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system"
    )

    invoice_rpa_callback_token = fields.Char(
        string="Callback Token",
        compute="_compute_invoice_rpa_secrets",
        inverse="_inverse_invoice_rpa_callback_token",
        groups="base.group_system",
        help="Bearer token the robots must send to /invoice_rpa/callback: its own secret, never the "
        "RPA API secret (without it, callbacks are refused). Stored encrypted; leave empty to "
        "keep the current one.",
    )

    invoice_rpa_callback_token_state = fields.Char(
        string="Callback Token Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system"
    )

    invoice_rpa_job_timeout = fields.Integer(
        string="Robot Timeout (minutes)",
        config_parameter=PARAM_JOB_TIMEOUT,
        default=30,
        groups="base.group_system",
        help="A robot job running longer than this is stopped as 'Timeout' and its process goes to Error.",
    )

    invoice_rpa_poll_interval = fields.Integer(
        string="Poll Interval (seconds)",
        config_parameter=PARAM_POLL_INTERVAL,
        default=60,
        groups="base.group_system",
        help="How often a running robot job is asked for its status and logs.",
    )

    invoice_rpa_max_retries = fields.Integer(
        string="Robot Retries",
        config_parameter=PARAM_MAX_RETRIES,
        default=5,
        groups="base.group_system",
        help="How many times a robot job is tried again after a connection error, a timeout or an "
        "HTTP 408, 429 or 5xx answer (delays grow from 30 s to 15 min, or as the service asks).",
    )

    invoice_rpa_concurrency = fields.Integer(
        string="Robot Jobs in Flight",
        config_parameter=PARAM_CONCURRENCY,
        default=5,
        groups="base.group_system",
        help="Robot jobs running at most at the same time for downloads started by hand "
        "(schedules have their own limit).",
    )

    invoice_rpa_download_allowlist = fields.Char(
        string="Robot File Hosts Allowed",
        config_parameter=PARAM_DOWNLOAD_ALLOWLIST,
        groups="base.group_system",
        help="Robot file URLs are only downloaded from public internet addresses. List here, separated by "
        "spaces or commas, the private networks (CIDR, e.g. 10.0.5.0/24) or host names (e.g. robot.lan) "
        "of on-premise robots that may be reached too. A host name never opens link-local "
        "addresses (169.254.x.x, cloud metadata); only a CIDR can.",
    )

    @api.constrains("invoice_rpa_download_allowlist")
    def _check_invoice_rpa_download_allowlist(self):
        for settings in self:
            try:
                http_download.parse_allow_list(settings.invoice_rpa_download_allowlist)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "The robot file hosts allowed must be networks (10.0.5.0/24, 192.168.1.20) or host names "
                        "(robot.lan), separated by spaces or commas; not “%s”.",
                        settings.invoice_rpa_download_allowlist,
                    )
                ) from None

    def _inverse_invoice_rpa_api_token(self):
        self._invoice_rpa_store_secret("api_token")

    def _inverse_invoice_rpa_callback_token(self):
        self._invoice_rpa_store_secret("callback_token")
