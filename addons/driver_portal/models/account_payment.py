from odoo import fields, models

from .stock_picking import COLLECT_METHODS


class AccountPayment(models.Model):
    """Payments collected by drivers at a stop: who, where, how — for the daily
    "cash to hand in" of each driver."""

    _inherit = "account.payment"

    driver_id = fields.Many2one("res.users", string="Collected By", index="btree_not_null", readonly=True,
                                copy=False)
    driver_picking_id = fields.Many2one("stock.picking", string="Delivery Stop", index="btree_not_null",
                                        readonly=True, copy=False)
    driver_collect_method = fields.Selection(COLLECT_METHODS, string="Collected As", readonly=True, copy=False)
    driver_reference = fields.Char(string="Check / Transaction Ref.", readonly=True, copy=False)
    driver_submission_key = fields.Char(readonly=True, copy=False, groups="base.group_system")
    driver_change_amount = fields.Monetary(string="Change Given", readonly=True, copy=False,
                                           help="Cash the driver gave back to the customer.")

    driver_credit_amount = fields.Monetary(string="Kept as Credit", readonly=True, copy=False,
                                           help="More than due, left as the customer's credit by the driver.")

    _driver_submission_key_unique = models.UniqueIndex(
        "(driver_submission_key) WHERE driver_submission_key IS NOT NULL",
        "This payment was already recorded.")
