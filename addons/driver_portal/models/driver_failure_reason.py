from odoo import fields, models


class DriverFailureReason(models.Model):
    """Why a stop could not be delivered: the list the driver picks from on the portal."""

    _name = "driver.failure.reason"
    _description = "Delivery Failure Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    requires_note = fields.Boolean(
        help="The driver must explain the failure in a note when choosing this reason.")

    _name_unique = models.UniqueIndex("(name)", "A failure reason with this name already exists.")
