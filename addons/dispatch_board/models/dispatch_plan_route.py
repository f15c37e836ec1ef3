from odoo import api, fields, models


class DispatchPlanRoute(models.Model):
    """One driver's day in a preview: figures before and after, and the exact stop
    order that applying the preview writes."""

    _name = "dispatch.plan.route"
    _description = "Dispatch preview: a driver's route"
    _order = "plan_id, id"

    plan_id = fields.Many2one("dispatch.plan", required=True, ondelete="cascade", index=True, readonly=True)
    driver_id = fields.Many2one("res.users", readonly=True)
    vehicle_id = fields.Many2one("fleet.vehicle", readonly=True)
    picking_order = fields.Json(readonly=True, help="Picking ids in the order applying writes.")
    stop_names = fields.Char(string="Stops in Order", compute="_compute_stop_names")
    stops_before = fields.Integer(readonly=True)
    stops_after = fields.Integer(readonly=True)
    km_before = fields.Float(string="km Before", digits=(10, 1), readonly=True)
    km_after = fields.Float(string="km After", digits=(10, 1), readonly=True)
    hours_before = fields.Float(readonly=True)
    hours_after = fields.Float(readonly=True)
    late_before = fields.Integer(string="Broken Windows Before", readonly=True)
    late_after = fields.Integer(string="Broken Windows After", readonly=True)

    @api.depends("picking_order")
    def _compute_stop_names(self):
        ids = {pid for route in self for pid in (route.picking_order or [])}
        names = dict(self.env["stock.picking"].browse(ids).exists().mapped(lambda p: (p.id, p.name)))
        for route in self:
            route.stop_names = " → ".join(names.get(pid, "?") for pid in route.picking_order or [])
