from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dispatch_window_start = fields.Float(related="company_id.dispatch_window_start", readonly=False)
    dispatch_window_end = fields.Float(related="company_id.dispatch_window_end", readonly=False)
    dispatch_service_minutes = fields.Integer(related="company_id.dispatch_service_minutes", readonly=False)
    dispatch_shift_start = fields.Float(related="company_id.dispatch_shift_start", readonly=False)
    dispatch_shift_end = fields.Float(related="company_id.dispatch_shift_end", readonly=False)
    dispatch_speed_kmh = fields.Float(related="company_id.dispatch_speed_kmh", readonly=False)
    dispatch_solver_seconds = fields.Integer(related="company_id.dispatch_solver_seconds", readonly=False)
