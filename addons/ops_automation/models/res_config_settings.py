from odoo import fields, models

from .base_automation_execution import DEFAULT_RETENTION_DAYS, RETENTION_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ops_automation_retention_days = fields.Integer(
        string="Keep Automation Executions (days)",
        config_parameter=RETENTION_PARAM,
        default=DEFAULT_RETENTION_DAYS,
        help="Older rows of the automation execution log are deleted by the daily clean-up.",
    )
