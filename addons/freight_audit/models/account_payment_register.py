from odoo import models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        # every way of paying a bill goes through here (the wizard, batch payments)
        self.line_ids.move_id._check_freight_payment()
        return super()._create_payments()
