from odoo import fields, models


class RetailDistributionCenter(models.Model):
    """A retailer's distribution centre (DC) where deliveries are unloaded on a booked
    slot. ``code`` is the portal's own identifier of the DC (typed or selected by the
    booking recipe); ``partner_id`` is the delivery address our pickings go to."""

    _name = "retail.distribution.center"
    _description = "Retailer Distribution Centre"
    _order = "retailer_id, name"

    name = fields.Char(required=True)
    code = fields.Char(required=True, help="The DC's identifier on the retailer's portal.")
    retailer_id = fields.Many2one("res.partner", required=True, index=True, domain=[("is_company", "=", True)])
    partner_id = fields.Many2one("res.partner", string="Delivery Address", index="btree_not_null",
                                 help="Pickings delivered to this address are booked at this DC.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(retailer_id, code)", "A DC code is unique per retailer.")
