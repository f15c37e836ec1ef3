from odoo import fields, models


class RetailVehicleType(models.Model):
    """A vehicle type a retailer's portal asks for (Kombi … Rodotrem), with the pallets it
    carries: a booking may not ask for more pallets than its vehicle takes."""

    _name = "retail.vehicle.type"
    _description = "Delivery Vehicle Type"
    _order = "pallet_capacity, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="What the booking recipes type or select on the portals, e.g. TRUCK.")
    pallet_capacity = fields.Integer(required=True, help="Standard (PBR) pallets the vehicle carries.")
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "A vehicle type code is unique.")
    _capacity_positive = models.Constraint("CHECK (pallet_capacity > 0)", "A vehicle carries at least one pallet.")
