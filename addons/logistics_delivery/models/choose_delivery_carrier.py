from odoo import api, models


class ChooseDeliveryCarrier(models.TransientModel):
    _inherit = "choose.delivery.carrier"

    @api.onchange("carrier_id", "total_weight")
    def _onchange_carrier_id(self):
        """Price distance carriers as soon as they are chosen, like Odoo's rule-based ones:
        the quote is one cached geocode and at most one matrix request away."""
        res = super()._onchange_carrier_id()
        if self.delivery_type == "distance":
            vals = self._get_delivery_rate()
            if vals.get("error_message"):
                return {"error": vals["error_message"]}
        return res
