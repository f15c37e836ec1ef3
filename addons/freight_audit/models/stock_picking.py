from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    nfe_key = fields.Char(string="NF-e Key", size=44, index="btree_not_null", copy=False,
                          help="Access key of the NF-e issued for this delivery (CT-e match it).")
    freight_cte_ids = fields.Many2many("freight.cte", "freight_cte_picking_rel", "picking_id", "cte_id",
                                       string="Freight CT-e", readonly=True, copy=False)
