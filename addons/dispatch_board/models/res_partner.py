from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    delivery_window_start = fields.Float(
        string="Delivery Window From", help="Earliest delivery time (empty: the company's default window).")
    delivery_window_end = fields.Float(string="Delivery Window To")
    delivery_service_minutes = fields.Integer(
        string="Service Time (min)", help="Time a stop takes here (0: the company's default).")

    _delivery_window_range = models.Constraint(
        "CHECK (COALESCE(delivery_window_start, 0) >= 0 AND COALESCE(delivery_window_end, 0) <= 24"
        " AND COALESCE(delivery_service_minutes, 0) >= 0)",
        "Delivery windows run from 00:00 to 24:00 and service times are positive.")

    @api.constrains("delivery_window_start", "delivery_window_end")
    def _check_delivery_window(self):
        for partner in self:
            if partner.delivery_window_end and partner.delivery_window_start >= partner.delivery_window_end:
                raise ValidationError(self.env._("A delivery window must end after it starts (%s).", partner.name))

    def _dispatch_window(self):
        """(start, end) hours of this customer's window: their own, else the company's."""
        self.ensure_one()
        company = self.env.company
        if self.delivery_window_end:
            return self.delivery_window_start, self.delivery_window_end
        return company.dispatch_window_start, company.dispatch_window_end
