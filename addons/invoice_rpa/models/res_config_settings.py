from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import s3_storage
from .rpa_settings_secret import SECRETS


class ResConfigSettings(models.TransientModel):
    """Invoice RPA settings: S3-compatible storage of invoice PDFs and the SAT endpoint.

    Secrets (S3 secret key, SAT token) are write-only, for administrators only, stored
    encrypted (``rpa.settings.secret``) and never logged.
    """

    _inherit = "res.config.settings"

    invoice_rpa_s3_endpoint_url = fields.Char(
        string="S3 Endpoint URL", config_parameter="invoice_rpa.s3_endpoint_url",
        groups="base.group_system",
        help="Leave empty for AWS S3; e.g. https://minio.example.com:9000 for MinIO.")
    invoice_rpa_s3_bucket = fields.Char(
        string="S3 Bucket", config_parameter="invoice_rpa.s3_bucket", groups="base.group_system",
        help="Without a bucket, invoice PDFs are stored as attachments in Odoo.")
    invoice_rpa_s3_region = fields.Char(
        string="S3 Region", config_parameter="invoice_rpa.s3_region", groups="base.group_system",
        help="e.g. sa-east-1; empty means us-east-1 (what MinIO expects by default).")
    invoice_rpa_s3_access_key = fields.Char(
        string="S3 Access Key", config_parameter="invoice_rpa.s3_access_key", groups="base.group_system")
    # write-only: stored encrypted by rpa.settings.secret, never read back into the form
    invoice_rpa_s3_secret_key = fields.Char(
        string="S3 Secret Key", compute="_compute_invoice_rpa_secrets", inverse="_inverse_invoice_rpa_s3_secret_key",
        groups="base.group_system", help="Stored encrypted; leave empty to keep the current one.")
    invoice_rpa_s3_secret_key_state = fields.Char(
        string="S3 Secret Key Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system")
    invoice_rpa_sat_url = fields.Char(
        string="SAT Upload URL", config_parameter="invoice_rpa.sat_url", groups="base.group_system",
        help="URL receiving approved invoices as a multipart POST (file + client VAT, operator, period).")
    invoice_rpa_sat_token = fields.Char(
        string="SAT Token", compute="_compute_invoice_rpa_secrets", inverse="_inverse_invoice_rpa_sat_token",
        groups="base.group_system",
        help="Sent as 'Authorization: Bearer <token>'. Stored encrypted; leave empty to keep the current one.")
    invoice_rpa_sat_token_state = fields.Char(
        string="SAT Token Status", compute="_compute_invoice_rpa_secrets", groups="base.group_system")
    invoice_rpa_sat_timeout = fields.Integer(
        string="SAT Timeout (s)", config_parameter="invoice_rpa.sat_timeout", default=30,
        groups="base.group_system")

    def _compute_invoice_rpa_secrets(self):
        """Secrets are write-only: the form shows "set" or "not set", never the value."""
        Secret = self.env["rpa.settings.secret"]
        for settings in self:
            for name in SECRETS:
                field = f"invoice_rpa_{name}"
                if field in settings._fields:
                    settings[field] = False
                    settings[f"{field}_state"] = (
                        self.env._("set") if Secret._has_secret(name) else self.env._("not set"))

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
            return self._invoice_rpa_notify(
                "danger", self.env._("S3 connection failed"), exc.message)
        return self._invoice_rpa_notify(
            "success", self.env._("S3 connection works"),
            self.env._("The bucket %s can be reached with these credentials.", bucket))

    def _invoice_rpa_notify(self, kind, title, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "title": title, "message": message, "sticky": kind == "danger"},
        }
