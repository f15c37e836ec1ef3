from odoo import fields, models


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    dispatch_max_weight = fields.Float(string="Max Load (kg)", help="0: no limit.")
    dispatch_max_volume = fields.Float(string="Max Volume (m³)", digits=(10, 3), help="0: no limit.")
    dispatch_max_stops = fields.Integer(string="Max Stops per Day", help="0: no limit.")

    _dispatch_capacity_positive = models.Constraint(
        "CHECK (COALESCE(dispatch_max_weight, 0) >= 0 AND COALESCE(dispatch_max_volume, 0) >= 0"
        " AND COALESCE(dispatch_max_stops, 0) >= 0)",
        "Vehicle capacities cannot be negative.")

    def _dispatch_capacity(self):
        """{"weight", "volume", "stops"}: None where there is no limit."""
        self.ensure_one()
        return {"weight": self.dispatch_max_weight or None, "volume": self.dispatch_max_volume or None,
                "stops": self.dispatch_max_stops or None}
