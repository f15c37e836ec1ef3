from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    driver_cash_journal_id = fields.Many2one(
        "account.journal", string="Drivers' Cash Journal", domain="[('type', '=', 'cash')]",
        help="Cash collected by drivers. Empty: the company's first cash journal (else bank journal).")
    driver_bank_journal_id = fields.Many2one(
        "account.journal", string="Drivers' Bank Journal", domain="[('type', '=', 'bank')]",
        help="Checks, card and PIX payments collected by drivers. Empty: the company's first bank journal.")
    driver_credit_limit = fields.Monetary(
        string="Drivers' Credit Limit", currency_field="currency_id",
        help="Largest overpayment a driver may keep as customer credit on a card, PIX or check payment. "
             "0: only cash overpayments may become credit.")
