from odoo import api, fields, models


class RetailProductCode(models.Model):
    """Our product under a retailer's code: the booking types the retailer's code and
    quantities in the retailer's unit (our quantity divided by ``factor``, the number of
    our units in one retailer unit, e.g. 12 for a box of twelve)."""

    _name = "retail.product.code"
    _description = "Retailer Product Code"
    _order = "retailer_id, code"
    _rec_name = "code"

    retailer_id = fields.Many2one("res.partner", required=True, index=True, domain=[("is_company", "=", True)])
    product_id = fields.Many2one("product.product", required=True, index=True, ondelete="cascade")
    code = fields.Char(required=True, help="The product's code at the retailer (e.g. its EAN/DUN or SKU).")
    factor = fields.Float(default=1.0, digits=(12, 4), required=True,
                          help="Our units (in the product's unit of measure) in one retailer unit.")

    _product_unique = models.UniqueIndex("(retailer_id, product_id)", "A product has one code per retailer.")
    _factor_positive = models.Constraint("CHECK (factor > 0)", "The conversion factor is positive.")

    @api.model
    def _retailer_quantities(self, retailer, moves):
        """``(lines, missing)``: ``lines`` is a list of ``(code, quantity in the retailer's
        unit)`` per mapped product of ``moves`` (quantities of one product summed),
        ``missing`` the products without a code at ``retailer``."""
        quantities = {}
        for move in moves:
            quantities[move.product_id] = quantities.get(move.product_id, 0.0) + move.product_uom_qty
        codes = self.search([("retailer_id", "=", retailer.id), ("product_id", "in", list({p.id for p in quantities}))])
        by_product = {code.product_id: code for code in codes}
        lines = [(by_product[product].code, round(qty / by_product[product].factor, 4))
                 for product, qty in quantities.items() if product in by_product]
        missing = self.env["product.product"].union(*[p for p in quantities if p not in by_product])
        return lines, missing
