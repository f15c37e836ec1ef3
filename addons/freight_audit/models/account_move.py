from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    nfe_key = fields.Char(string="NF-e Key", size=44, index="btree_not_null", copy=False,
                          help="Access key of the NF-e of this invoice (CT-e match it).")
    freight_cte_ids = fields.One2many("freight.cte", "vendor_bill_id", string="CT-e Billed", readonly=True)
    freight_payment_blocked = fields.Boolean(compute="_compute_freight_payment_blocked",
                                             help="A CT-e of this bill is disputed: no payment until resolved.")

    @api.depends("freight_cte_ids.state")
    def _compute_freight_payment_blocked(self):
        for move in self:
            states = move.sudo().freight_cte_ids.mapped("state")
            move.freight_payment_blocked = "disputed" in states

    def _check_freight_payment(self):
        blocked = self.filtered("freight_payment_blocked")
        if blocked:
            raise UserError(self.env._(
                "Payment blocked: a freight CT-e of %s is disputed. Resolve the dispute first (Operations → "
                "Freight Audit).", ", ".join(blocked.mapped("display_name"))))

    def action_register_payment(self):
        self.check_access("read")
        self._check_freight_payment()
        return super().action_register_payment()
