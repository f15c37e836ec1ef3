from odoo import fields, models


class DispatchPlanUnfit(models.Model):
    _inherit = "dispatch.plan.unfit"

    reason = fields.Selection(selection_add=[("booked", "Booked slot")], ondelete={"booked": "cascade"})
