import pytz

from odoo import api, fields, models


class StockPicking(models.Model):
    """What the dashboard needs of a stop: whether it was delivered on its planned day
    (stored, so the on-time rate is one indexed count), and a notification when a driver
    closes a stop or collects money."""

    _inherit = "stock.picking"

    dashboard_on_time = fields.Boolean(
        string="Delivered On Time", compute="_compute_dashboard_on_time", store=True,
        help="Delivered no later than its delivery day (in the company's time zone).")

    @api.depends("driver_state", "delivered_at", "delivery_date")
    def _compute_dashboard_on_time(self):
        for picking in self:
            if picking.driver_state != "delivered" or not picking.delivered_at or not picking.delivery_date:
                picking.dashboard_on_time = False
                continue
            tz = pytz.timezone(picking.company_id.partner_id.tz or "UTC")
            local_day = pytz.utc.localize(picking.delivered_at).astimezone(tz).date()
            picking.dashboard_on_time = local_day <= picking.delivery_date

    def _driver_mark_delivered(self, proof, quantities=None):
        result = super()._driver_mark_delivered(proof, quantities=quantities)
        self.env["ops.dashboard"]._notify_section_changed("deliveries")
        return result

    def _driver_mark_failed(self, reason, note):
        result = super()._driver_mark_failed(reason, note)
        self.env["ops.dashboard"]._notify_section_changed("deliveries")
        return result

    def _driver_collect_payment(self, method, amount, reference=None, submission_key=None, overpayment=None):
        result = super()._driver_collect_payment(method, amount, reference=reference, submission_key=submission_key,
                                                 overpayment=overpayment)
        self.env["ops.dashboard"]._notify_section_changed("deliveries")
        return result
