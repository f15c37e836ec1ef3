from odoo import fields, models
from odoo.exceptions import UserError


class RpaProcessReject(models.TransientModel):
    """Asks for the reason before rejecting invoice processes."""

    _name = "rpa.process.reject"
    _description = "Reject Invoice Process"

    process_ids = fields.Many2many("rpa.process", string="Processes", required=True)
    reason = fields.Text(help="Why the invoice is rejected; shown in the process chatter.")

    def action_confirm(self):
        """Reject the processes with the reason (managers only; the reason is required)."""
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("A reason is required to reject an invoice."))
        self.process_ids._check_manager()
        self.process_ids._transition("rejected", reject_reason=self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
