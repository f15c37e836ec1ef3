from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dispatch_notify_channel_id = fields.Many2one(
        "messaging.channel", string="Delivery Notices Channel",
        domain="[('channel_type', 'in', ('quo', 'uazapi', 'sendgrid')), ('company_id', '=', id)]",
        help="SMS, WhatsApp or email channel telling customers their delivery day and window.")
