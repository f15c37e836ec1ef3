from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    dispatch_shift_start = fields.Float(string="Shift From", help="Empty: the company's default shift.")
    dispatch_shift_end = fields.Float(string="Shift To")

    _dispatch_shift_range = models.Constraint(
        "CHECK (COALESCE(dispatch_shift_start, 0) >= 0 AND COALESCE(dispatch_shift_end, 0) <= 24"
        " AND (COALESCE(dispatch_shift_end, 0) = 0 OR dispatch_shift_start < dispatch_shift_end))",
        "A driver's shift runs from 00:00 to 24:00 and must end after it starts.")

    def _dispatch_shift(self, company):
        """(start, end) hours of the driver's working day."""
        self.ensure_one()
        if self.dispatch_shift_end:
            return self.dispatch_shift_start, self.dispatch_shift_end
        return company.dispatch_shift_start, company.dispatch_shift_end
