from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockPicking(models.Model):
    """What the dispatcher plans with: the customer's delivery window, the time a stop
    takes, and the load (weight comes from stock_delivery, volume is summed here)."""

    _inherit = "stock.picking"

    delivery_window_start = fields.Float(
        string="Window From", compute="_compute_delivery_window", store=True, readonly=False, copy=False,
        help="Earliest delivery time for this order (from the customer, else the company's default).")
    delivery_window_end = fields.Float(
        string="Window To", compute="_compute_delivery_window", store=True, readonly=False, copy=False)
    dispatch_service_minutes = fields.Integer(
        string="Service Time (min)", compute="_compute_delivery_window", store=True, readonly=False, copy=False)
    dispatch_volume = fields.Float(string="Volume (m³)", digits=(10, 3), compute="_compute_dispatch_volume",
                                   store=True, compute_sudo=True)

    @api.depends("partner_id")
    def _compute_delivery_window(self):
        for picking in self:
            company = picking.company_id or self.env.company
            partner = picking.partner_id
            if partner:
                start, end = partner.with_company(company)._dispatch_window()
                minutes = partner.delivery_service_minutes or company.dispatch_service_minutes
            else:
                start, end = company.dispatch_window_start, company.dispatch_window_end
                minutes = company.dispatch_service_minutes
            picking.delivery_window_start, picking.delivery_window_end = start, end
            picking.dispatch_service_minutes = minutes

    @api.depends("move_ids.product_qty", "move_ids.product_id.volume", "move_ids.state")
    def _compute_dispatch_volume(self):
        for picking in self:
            picking.dispatch_volume = sum(
                move.product_qty * move.product_id.volume for move in picking.move_ids if move.state != "cancel")

    @api.constrains("delivery_window_start", "delivery_window_end", "dispatch_service_minutes")
    def _check_dispatch_window(self):
        for picking in self:
            start, end = picking.delivery_window_start, picking.delivery_window_end
            if not (0 <= start < end <= 24) or picking.dispatch_service_minutes < 0:
                raise ValidationError(self.env._(
                    "%(name)s: a delivery window runs from 00:00 to 24:00 and must end after it starts.",
                    name=picking.display_name))

    def _dispatch_lock_reason(self):
        """Why this stop may not be moved on the board (done or under way), or None."""
        self.ensure_one()
        if self.state in ("done", "cancel"):
            return self.env._("%s is already done.", self.name)
        if self.driver_state != "todo":
            return self.env._("%s has already been visited by the driver.", self.name)
        return None

    def _dispatch_plan_refusal(self, date):
        """``(reason, detail)`` when the optimiser may not route this stop on ``date`` (it
        then stays where it is and the preview lists it as not fitting), else None. The
        reason is a ``dispatch.plan.unfit`` reason; bridge modules add theirs."""
        self.ensure_one()
