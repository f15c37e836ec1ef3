import base64

from odoo import fields, models
from odoo.exceptions import UserError


class RpaProcessUpload(models.TransientModel):
    """Manual upload of an invoice PDF for one process (checked by content, then stored
    through ``rpa.invoice.storage``)."""

    _name = "rpa.process.upload"
    _description = "Upload Invoice PDF"

    process_id = fields.Many2one("rpa.process", required=True, ondelete="cascade")
    # kept in the wizard's row, not as an attachment: a cancelled upload leaves no file behind
    file = fields.Binary(string="Invoice PDF", attachment=False)
    filename = fields.Char()

    def action_confirm(self):
        """Store the PDF and move the process to "Waiting Approval" (UserError otherwise,
        nothing changed)."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the invoice PDF to upload."))
        content = base64.b64decode(self.file)
        self.env["rpa.invoice.storage"]._store_process_file(self.process_id, self.filename, content, "manual")
        return {"type": "ir.actions.act_window_close"}
