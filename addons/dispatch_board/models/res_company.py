from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dispatch_window_start = fields.Float(string="Default Window From", default=8.0,
                                         help="Delivery window of customers without one of their own.")
    dispatch_window_end = fields.Float(string="Default Window To", default=18.0)
    dispatch_service_minutes = fields.Integer(string="Default Service Time (min)", default=10,
                                              help="Time spent at a stop when the customer has none of their own.")
    dispatch_shift_start = fields.Float(string="Default Shift From", default=8.0)
    dispatch_shift_end = fields.Float(string="Default Shift To", default=18.0)
    dispatch_speed_kmh = fields.Float(string="Average Speed (km/h)", default=35.0,
                                      help="Travel times when road durations are not known (no Google key).")
    dispatch_solver_seconds = fields.Integer(string="Optimisation Time (s)", default=5,
                                             help="How long route optimisation searches for a better plan.")

    _dispatch_windows = models.Constraint(
        "CHECK (dispatch_window_start >= 0 AND dispatch_window_end <= 24"
        " AND dispatch_window_start < dispatch_window_end"
        " AND dispatch_shift_start >= 0 AND dispatch_shift_end <= 24 AND dispatch_shift_start < dispatch_shift_end)",
        "Delivery windows and shifts run from 00:00 to 24:00 and must end after they start.")
    _dispatch_positive = models.Constraint(
        "CHECK (dispatch_service_minutes >= 0 AND dispatch_speed_kmh > 0"
        " AND dispatch_solver_seconds BETWEEN 1 AND 60)",
        "Service time must be positive, speed above zero, optimisation time between 1 and 60 seconds.")
