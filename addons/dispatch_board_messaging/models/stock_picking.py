from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dispatch_notified = fields.Char(
        string="Customer Told", readonly=True, copy=False,
        help="The delivery day and window last sent to the customer (sent again only when they change).")
