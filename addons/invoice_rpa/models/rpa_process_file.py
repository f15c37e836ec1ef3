from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ops_base.tools.http import HttpCallError

from ..tools import sat_client
from ..tools.redact import scrub_urls
from .rpa_invoice_storage import MANUAL_RESTART_STATES
from .rpa_process import TRANSITION

# Written only by the storage contract (through _transition) or by superuser code: a
# user editing them over RPC could point the process at another client's invoice.
FILE_FIELDS = frozenset({
    "storage_key", "attachment_id", "original_filename", "manual_upload_date",
    "sat_upload_date", "sat_response", "sat_error",
})
UPLOAD_STATES = ("waiting_download", *MANUAL_RESTART_STATES)
SAT_TIMEOUT_DEFAULT = 30
SAT_TIMEOUT_MAX = 300


class RpaProcess(models.Model):
    """Invoice file of a process: manual upload, download, sending to the client's
    tax-automation system (SAT), and the guard on file and SAT fields."""

    _inherit = "rpa.process"

    has_invoice_file = fields.Boolean(compute="_compute_has_invoice_file")
    sat_response = fields.Text(string="SAT Response", readonly=True, copy=False,
                               help="What the SAT answered when it accepted the invoice.")
    sat_error = fields.Text(string="SAT Error", readonly=True, copy=False,
                            help="Why the last upload to the SAT failed; cleared once it succeeds.")

    @api.depends("storage_key", "attachment_id")
    def _compute_has_invoice_file(self):
        for process in self:
            process.has_invoice_file = bool(process.storage_key or process.attachment_id)

    @api.model_create_multi
    def create(self, vals_list):
        if any(FILE_FIELDS & vals.keys() for vals in vals_list):
            self._check_file_fields_writable()
        return super().create(vals_list)

    def write(self, vals):
        if FILE_FIELDS & vals.keys():
            self._check_file_fields_writable()
        return super().write(vals)

    def _check_file_fields_writable(self):
        if not self.env.su and self.env.context.get("rpa_transition") is not TRANSITION:
            raise UserError(self.env._(
                "The invoice file and SAT fields of a process only change through its buttons "
                "(Upload Invoice, Send to SAT) or a robot download."
            ))

    def action_upload_invoice(self):
        """Open the wizard that uploads an invoice PDF for this process."""
        self.ensure_one()
        if self.state not in UPLOAD_STATES:
            raise UserError(self.env._(
                "An invoice can only be uploaded while the process waits for its download, "
                "failed or was rejected."
            ))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload Invoice"),
            "res_model": "rpa.process.upload",
            "view_mode": "form",
            "target": "new",
            "context": {"default_process_id": self.id},
        }

    def action_download_invoice(self):
        """Download the stored invoice PDF (S3 or attachment) through the controller."""
        self.ensure_one()
        if not self.has_invoice_file:
            raise UserError(self.env._("The process %s has no invoice file yet.", self.display_name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/invoice_rpa/process/{self.id}/invoice",
            "target": "self",
        }

    # ---------------------------------------------------------------- SAT

    def _sat_config(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        url = (get("invoice_rpa.sat_url") or "").strip()
        if not url:
            raise UserError(self.env._(
                "The SAT endpoint is not configured: an administrator sets it in Settings → Invoice RPA."
            ))
        try:
            timeout = int(get("invoice_rpa.sat_timeout") or SAT_TIMEOUT_DEFAULT)
        except ValueError:
            timeout = SAT_TIMEOUT_DEFAULT
        return {"url": url, "token": self.env["rpa.settings.secret"]._get_secret("sat_token"),
                "timeout": min(max(timeout, 1), SAT_TIMEOUT_MAX)}

    def _sat_metadata(self):
        self.ensure_one()
        return {
            "client_vat": self.partner_id.vat or "",
            "client_name": self.partner_id.name,
            "operator": self.operator_id.code,
            "period": self.period.strftime("%Y-%m"),
            "process_id": self.id,
        }

    def action_send_sat(self):
        """Upload each approved invoice to the SAT (multipart: file + client VAT, operator,
        period). Success: "Uploaded", with the SAT's answer recorded. Failure: the process
        stays "Waiting SAT Upload" with the error on the form and in the chatter.
        Returns a notification summing up the outcome."""
        if any(process.state != "waiting_sat_upload" for process in self):
            raise UserError(self.env._("Only approved invoices (waiting for the SAT upload) can be sent to the SAT."))
        self.check_access("write")
        config = self._sat_config()
        self._lock_for_sat()
        failed = self.browse([process.id for process in self if not process._send_sat(config)])
        if not failed:
            return self._sat_notify("success", self.env._("Sent to the SAT"), self.env._(
                "%s invoice(s) uploaded to the SAT.", len(self)))
        summary = self.env._("%(sent)s of %(total)s invoice(s) uploaded to the SAT.",
                             sent=len(self) - len(failed), total=len(self))
        return self._sat_notify("danger", self.env._("SAT upload failed"), "\n".join(
            [summary] + [f"{process.display_name}: {process.sat_error}" for process in failed]))

    def _lock_for_sat(self):
        """Lock the processes for this transaction, so that a second click (or a second
        user) cannot send the same invoice twice while the first upload runs."""
        # SKIP LOCKED rather than NOWAIT: a busy row is simply missing from the answer,
        # without a failed statement (logged as an error by Odoo) in the transaction
        self.env.cr.execute(
            "SELECT id FROM rpa_process WHERE id IN %s FOR UPDATE SKIP LOCKED", [tuple(self.ids)])
        if len(self.env.cr.fetchall()) != len(self):
            raise UserError(self.env._(
                "These invoices are being sent to the SAT right now; reload the page in a moment."
            ))

    def _send_sat(self, config):
        """Send one invoice; True when the SAT accepted it."""
        self.ensure_one()
        try:
            content = self.env["rpa.invoice.storage"]._read_process_file(self)
            reply = sat_client.upload_invoice(
                config["url"], config["token"], self.original_filename or "invoice.pdf", content,
                self._sat_metadata(), timeout=config["timeout"],
            )
        except (UserError, HttpCallError) as exc:
            message = scrub_urls(exc.message if isinstance(exc, HttpCallError) else str(exc.args[0]))
            # only the error is recorded: state, file and dates stay as they were
            self.sudo().write({"sat_error": message})
            self.message_post(body=self.env._("Upload to the SAT failed: %s", message),
                              subtype_xmlid="mail.mt_note")
            return False
        response = f"HTTP {reply['status']}: {sat_client.body_text(reply['body'])}"
        self._transition("uploaded", sat_upload_date=fields.Datetime.now(), sat_response=response, sat_error=False)
        self.message_post(body=self.env._("The SAT accepted the invoice: %s", response), subtype_xmlid="mail.mt_note")
        return True

    def _sat_notify(self, kind, title, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind, "title": title, "message": message, "sticky": kind == "danger",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
