from odoo import fields, models

DISTANCE_SOURCES = [
    ("routes", "Google Routes"),
    ("legacy", "Google Distance Matrix"),
    ("haversine", "Straight line x road factor"),
    ("manual", "Manual"),
]


class LogisticsDistanceMixin(models.AbstractModel):
    """Distance facts stored on what is delivered (quotation, delivery order)."""

    _name = "logistics.distance.mixin"
    _description = "Delivery distance facts"

    delivery_distance_km = fields.Float(string="Delivery Distance (km)", digits=(10, 1), copy=False)
    delivery_duration_min = fields.Integer(string="Driving Time (min)", copy=False)
    delivery_distance_source = fields.Selection(DISTANCE_SOURCES, string="Distance Source", copy=False)
    delivery_distance_date = fields.Datetime(string="Distance Computed On", copy=False)

    def _logistics_distance_vals(self, distance):
        """Field values for a RoadDistance (``None``: no distance known)."""
        if not distance:
            return {"delivery_distance_km": 0.0, "delivery_duration_min": 0, "delivery_distance_source": False,
                    "delivery_distance_date": False}
        return {
            "delivery_distance_km": distance.km,
            "delivery_duration_min": round(distance.duration_s / 60) if distance.duration_s else 0,
            "delivery_distance_source": distance.source,
            "delivery_distance_date": fields.Datetime.now(),
        }

    def _logistics_record_distance(self, distance):
        self.write(self._logistics_distance_vals(distance))
