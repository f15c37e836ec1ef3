from odoo import models

from .delivery_carrier import QuotedDistances
from .logistics_distance import RoadDistance


class ChooseDeliveryCarrier(models.TransientModel):
    """The "Add shipping" wizard. Distance carriers are priced like Odoo's other external
    providers: on "Get rate", never in the carrier onchange (which Odoo keeps for the free,
    local ``fixed``/``base_on_rule`` prices). The distance of the last rate is kept on the
    wizard and recorded on the order with the delivery line (:meth:`button_confirm`)."""

    _name = "choose.delivery.carrier"
    _inherit = ["choose.delivery.carrier", "logistics.distance.mixin"]

    def _get_delivery_rate(self):
        if self.delivery_type != "distance":
            return super()._get_delivery_rate()
        quoted = QuotedDistances()
        vals = super(ChooseDeliveryCarrier, self.with_context(logistics_quoted_distances=quoted))._get_delivery_rate()
        distance = quoted.get(self.order_id.id)
        self.update(self._logistics_distance_vals(distance))
        return vals

    def button_confirm(self):
        wizard = self
        if self.delivery_type == "distance" and self.delivery_distance_source:
            distance = RoadDistance(self.delivery_distance_km, self.delivery_duration_min * 60 or None,
                                    self.delivery_distance_source)
            wizard = self.with_context(logistics_distances={self.order_id.id: distance})
        return super(ChooseDeliveryCarrier, wizard).button_confirm()
