from odoo import api, fields, models
from odoo.exceptions import UserError

from .rpa_invoice_storage import MANUAL_RESTART_STATES
from .rpa_process import TRANSITION

# Written only by the storage contract (through _transition) or by superuser code: a
# user editing them over RPC could point the process at another client's invoice.
FILE_FIELDS = frozenset({"storage_key", "attachment_id", "original_filename", "manual_upload_date"})
UPLOAD_STATES = ("waiting_download", *MANUAL_RESTART_STATES)


class RpaProcess(models.Model):
    """Invoice file of a process: manual upload, download, and the guard on file fields."""

    _inherit = "rpa.process"

    has_invoice_file = fields.Boolean(compute="_compute_has_invoice_file")

    @api.depends("storage_key", "attachment_id")
    def _compute_has_invoice_file(self):
        for process in self:
            process.has_invoice_file = bool(process.storage_key or process.attachment_id)

    def write(self, vals):
        if (FILE_FIELDS & vals.keys() and not self.env.su
                and self.env.context.get("rpa_transition") is not TRANSITION):
            raise UserError(self.env._(
                "The invoice file of a process only changes through “Upload Invoice” or a robot download."
            ))
        return super().write(vals)

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
