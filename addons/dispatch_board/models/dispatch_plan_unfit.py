from odoo import fields, models

UNFIT_REASONS = [
    ("location", "No location"),
    ("capacity", "Vehicle capacity"),
    ("window", "Delivery window"),
    ("shift", "Driver's shift"),
]


class DispatchPlanUnfit(models.Model):
    """A stop the optimisation could not place, and why."""

    _name = "dispatch.plan.unfit"
    _description = "Dispatch preview: a stop that does not fit"
    _order = "plan_id, id"

    plan_id = fields.Many2one("dispatch.plan", required=True, ondelete="cascade", index=True, readonly=True)
    picking_id = fields.Many2one("stock.picking", readonly=True)
    partner_id = fields.Many2one(related="picking_id.partner_id")
    reason = fields.Selection(UNFIT_REASONS, required=True, readonly=True)
    detail = fields.Char(readonly=True)
