from odoo import api, fields, models


class FreightRate(models.Model):
    """What a carrier charges: per kg, per km, ad valorem (% of the cargo value), a
    minimum, and tolls per CT-e. Divergences within the tolerance (the larger of the
    percentage of the expected amount and the fixed amount) are not flagged."""

    _name = "freight.rate"
    _description = "Carrier Freight Rate"
    _order = "carrier_partner_id, id"

    name = fields.Char(required=True)
    carrier_partner_id = fields.Many2one("res.partner", string="Carrier", required=True, index=True,
                                         help="The company issuing the CT-e (matched by its CNPJ).")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    per_kg = fields.Float(string="Per kg", digits=(12, 4))
    per_km = fields.Float(string="Per km", digits=(12, 4))
    ad_valorem_pct = fields.Float(string="Ad Valorem (%)", digits=(6, 4), help="Percentage of the cargo value.")
    minimum = fields.Monetary(help="The freight is never below this amount (before tolls).")
    toll_amount = fields.Monetary(string="Tolls per CT-e")
    tolerance_pct = fields.Float(string="Tolerance (%)", default=2.0)
    tolerance_amount = fields.Monetary(string="Tolerance (amount)")
    active = fields.Boolean(default=True)

    _values_positive = models.Constraint(
        "CHECK (per_kg >= 0 AND per_km >= 0 AND ad_valorem_pct >= 0 AND minimum >= 0 AND toll_amount >= 0 "
        "AND tolerance_pct >= 0 AND tolerance_amount >= 0)", "Rates and tolerances cannot be negative.")

    def _expected(self, weight_kg, distance_km, cargo_value):
        """The freight this rate gives for a shipment."""
        self.ensure_one()
        base = weight_kg * self.per_kg + distance_km * self.per_km + cargo_value * self.ad_valorem_pct / 100
        return self.currency_id.round(max(base, self.minimum) + self.toll_amount)

    @api.model
    def _for_carrier(self, partner, company):
        return self.search([("carrier_partner_id", "=", partner.commercial_partner_id.id),
                            ("company_id", "in", [company.id, False])], limit=1)
