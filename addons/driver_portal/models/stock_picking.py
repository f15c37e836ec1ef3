from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockPicking(models.Model):
    """Delivery assignment: who delivers an outgoing picking, on which day, with which
    vehicle and in which order within the driver's day."""

    _inherit = "stock.picking"

    driver_id = fields.Many2one(
        "res.users", index=True, tracking=True, copy=False,
        domain=lambda self: [("all_group_ids", "in", self.env.ref("driver_portal.group_delivery_driver").ids)],
    )
    delivery_date = fields.Date(string="Delivery Day", index=True, tracking=True, copy=False)
    vehicle_id = fields.Many2one("fleet.vehicle", tracking=True, copy=False)
    delivery_sequence = fields.Integer(string="Stop", default=10, copy=False,
                                       help="Order of the stop within the driver's day.")

    _driver_day_idx = models.Index("(driver_id, delivery_date, delivery_sequence)")

    @api.constrains("driver_id")
    def _check_driver_is_a_driver(self):
        group = self.env.ref("driver_portal.group_delivery_driver")
        for picking in self.filtered("driver_id"):
            if group not in picking.driver_id.all_group_ids:
                raise ValidationError(self.env._(
                    "%(user)s is not a delivery driver: give them the Delivery Driver access first.",
                    user=picking.driver_id.name))
            if picking.picking_type_code != "outgoing":
                raise ValidationError(self.env._("Only deliveries to customers can be assigned to a driver."))
