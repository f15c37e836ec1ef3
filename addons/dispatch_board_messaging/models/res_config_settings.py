from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dispatch_notify_channel_id = fields.Many2one(related="company_id.dispatch_notify_channel_id", readonly=False)
