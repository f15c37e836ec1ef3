from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    driver_cash_journal_id = fields.Many2one(related="company_id.driver_cash_journal_id", readonly=False)
    driver_bank_journal_id = fields.Many2one(related="company_id.driver_bank_journal_id", readonly=False)
    driver_credit_limit = fields.Monetary(related="company_id.driver_credit_limit", readonly=False)
    driver_position_retention_days = fields.Integer(
        string="Keep Driver Positions (days)", default=30,
        config_parameter="driver_portal.position_retention_days")
