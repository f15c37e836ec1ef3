from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsDistanceBand(models.Model):
    """One pricing band of a distance carrier: a per-km rate up to a distance, or a
    surcharge up to a weight. An empty limit means "and beyond" (last band only)."""

    _name = "logistics.distance.band"
    _description = "Distance carrier pricing band"
    _order = "carrier_id, band_type, up_to_is_open, up_to, id"

    carrier_id = fields.Many2one("delivery.carrier", required=True, ondelete="cascade", index=True)
    band_type = fields.Selection([("km", "Distance"), ("weight", "Weight")], required=True, default="km")
    up_to = fields.Float(help="Kilometres (distance bands) or kilograms (weight bands). "
                              "Leave empty for the last band: everything beyond.")
    up_to_is_open = fields.Boolean(compute="_compute_up_to_is_open", store=True)
    rate = fields.Float(string="Price", required=True, digits="Product Price",
                        help="Price per km for distance bands; flat surcharge for weight bands.")
    currency_id = fields.Many2one(related="carrier_id.currency_id")

    _rate_positive = models.Constraint("CHECK (rate >= 0)", "A band price cannot be negative.")
    _up_to_positive = models.Constraint("CHECK (up_to IS NULL OR up_to >= 0)", "A band limit cannot be negative.")

    @api.depends("up_to")
    def _compute_up_to_is_open(self):
        for band in self:
            band.up_to_is_open = not band.up_to

    @api.constrains("up_to", "band_type", "carrier_id")
    def _check_one_open_band(self):
        for carrier in self.carrier_id:
            for band_type in ("km", "weight"):
                bands = carrier.distance_band_ids.filtered(lambda b, t=band_type: b.band_type == t)
                if len(bands.filtered("up_to_is_open")) > 1:
                    raise ValidationError(self.env._(
                        "Only one band without limit is allowed per band type on %(carrier)s.",
                        carrier=carrier.name))
                limits = bands.filtered(lambda b: not b.up_to_is_open).mapped("up_to")
                if len(limits) != len(set(limits)):
                    raise ValidationError(self.env._("Two bands of %(carrier)s have the same limit.",
                                                     carrier=carrier.name))
