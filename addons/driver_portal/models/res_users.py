from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    driver_tracking_consent = fields.Boolean(
        string="Shares Position", copy=False,
        help="The driver agreed, on the portal, to send the phone's position while working.")
