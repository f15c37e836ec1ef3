import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import vrp

_logger = logging.getLogger(__name__)
GROUP = "dispatch_board.group_dispatcher"


class DispatchPlan(models.Model):
    """A route optimisation, computed in the background and previewed before it is
    applied: "Optimise day" reorders one driver's day, "Plan day" assigns the day's
    unassigned stops across drivers and orders every route. Applying writes exactly
    the previewed order, and only if no lane changed since (else: compute again)."""

    _name = "dispatch.plan"
    _description = "Route optimisation preview"
    _order = "id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection([("optimise", "Optimise day"), ("plan", "Plan day")], required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    driver_ids = fields.Many2many("res.users", string="Drivers", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    state = fields.Selection([
        ("queued", "Computing"), ("ready", "Ready to Apply"), ("applied", "Applied"), ("failed", "Failed"),
    ], default="queued", required=True, readonly=True)
    route_ids = fields.One2many("dispatch.plan.route", "plan_id", readonly=True)
    unfit_ids = fields.One2many("dispatch.plan.unfit", "plan_id", string="Stops That Do Not Fit", readonly=True)
    km_before = fields.Float(digits=(10, 1), compute="_compute_totals")
    km_after = fields.Float(digits=(10, 1), compute="_compute_totals")
    hours_before = fields.Float(compute="_compute_totals")
    hours_after = fields.Float(compute="_compute_totals")
    versions = fields.Json(readonly=True, help="Lane versions the preview was computed from.")
    matrix_source = fields.Char(readonly=True)
    matrix_requests = fields.Integer(readonly=True)
    solver_seconds = fields.Float(readonly=True)
    error = fields.Text(readonly=True)
    map_data = fields.Json(compute="_compute_map_data", help="Routes before and after, for the preview's map.")

    @api.depends("kind", "date", "driver_ids")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for plan in self:
            who = ", ".join(plan.driver_ids.mapped("name")) if plan.kind == "optimise" else ""
            plan.name = " ".join(filter(None, [kinds.get(plan.kind), str(plan.date or ""), who]))

    @api.depends("route_ids.km_before", "route_ids.km_after", "route_ids.hours_before", "route_ids.hours_after")
    def _compute_totals(self):
        for plan in self:
            plan.km_before = sum(plan.route_ids.mapped("km_before"))
            plan.km_after = sum(plan.route_ids.mapped("km_after"))
            plan.hours_before = sum(plan.route_ids.mapped("hours_before"))
            plan.hours_after = sum(plan.route_ids.mapped("hours_after"))

    @api.depends("route_ids.picking_order")
    def _compute_map_data(self):
        board = self.env["dispatch.board"]
        pickings = self.env["stock.picking"].browse(
            {pid for route in self.route_ids for pid in route.picking_order or []}).exists()
        pickings.partner_id.fetch(["partner_latitude", "partner_longitude"])
        located = {p.id: [p.partner_id.partner_latitude, p.partner_id.partner_longitude] for p in pickings
                   if p.partner_id.partner_latitude or p.partner_id.partner_longitude}
        for plan in self:
            depot = board._depot_point(pickings) if plan.route_ids else None
            plan.map_data = {
                "depot": list(depot) if depot else None,
                "routes": [{
                    "driver": route.driver_id.name or "",
                    "after": [located[pid] for pid in route.picking_order or [] if pid in located],
                    "names": [pickings.browse(pid).partner_id.name or "" for pid in route.picking_order or []
                              if pid in located],
                } for route in plan.route_ids],
            } if plan.route_ids else False

    # -- requesting ----------------------------------------------------------------------

    @api.model
    def _request(self, kind, date, drivers):
        """Create the preview (the caller checked the dispatcher group) and queue its job."""
        plan = self.sudo().create({"kind": kind, "date": date, "driver_ids": [fields.Command.set(drivers.ids)]})
        plan.with_delay(description=plan.name)._job_compute()
        return plan

    def _job_compute(self):
        """queue_job: build the problem, solve it, store the preview."""
        self.ensure_one()
        if self.state != "queued":
            return
        try:
            inputs = self.env["dispatch.board"]._plan_inputs(self)
        except UserError as exc:
            self.write({"state": "failed", "error": str(exc)})
            return
        solution = vrp.solve(inputs["problem"], seconds=self.company_id.dispatch_solver_seconds)
        self._store_solution(inputs, solution)

    def _store_solution(self, inputs, solution):
        board = self.env["dispatch.board"]
        prob, by_driver = inputs["problem"], {r.vehicle: r for r in solution.routes}
        unfit = [*inputs["unlocated"], *(board._unfit_reason(prob, key) for key in solution.unassigned)]
        unfit_ids = {pid for pid, _reason, _detail in unfit}
        routes = []
        for driver in inputs["drivers"]:
            route = by_driver.get(driver.id)
            fitted = route.stops if route else []
            before = inputs["before"][driver.id]
            tail = [p for p in before["order"] if p in unfit_ids]
            order = inputs["locked"].get(driver.id, []) + fitted + tail
            after = board._route_figures(prob, inputs["depot"], fitted, inputs["shifts"][driver.id])
            routes.append({
                "driver_id": driver.id, "vehicle_id": inputs["vehicles"].get(driver.id, False),
                "picking_order": order, "stops_before": len(before["order"]), "stops_after": len(order),
                "km_before": before["km"], "km_after": after["km"],
                "hours_before": before["hours"], "hours_after": after["hours"],
                "late_before": before["late"], "late_after": after["late"],
            })
        self.write({
            "state": "ready", "versions": inputs["versions"], "matrix_source": inputs["matrix"]["source"],
            "matrix_requests": inputs["matrix"]["requests"], "solver_seconds": round(solution.seconds, 2),
            "error": inputs["matrix"]["error"] or False,
            "route_ids": [fields.Command.create(vals) for vals in routes],
            "unfit_ids": [fields.Command.create({"picking_id": pid, "reason": reason, "detail": detail})
                          for pid, reason, detail in unfit],
        })

    # -- applying ------------------------------------------------------------------------

    def action_apply(self):
        """Write the previewed routes: exactly these stops, in this order, per driver."""
        if not self.env.user.has_group(GROUP):
            raise AccessError(self.env._("Only dispatchers can apply a route plan."))
        self.check_access("read")
        for plan in self:
            plan._apply()
        return True

    def _apply(self):
        self.ensure_one()
        if self.state != "ready":
            raise UserError(self.env._("Only a computed preview can be applied (%s).", self.name))
        pickings = self.env["stock.picking"].browse(
            [pid for route in self.route_ids for pid in route.picking_order or []]).exists()
        stale = self.env["dispatch.day"]._bump(self.versions or {})
        if stale:
            raise UserError(self.env._(
                "The board changed since this preview was computed (another dispatcher saved it): "
                "optimise again to get a preview of the current plan."))
        self.env["dispatch.board"]._write_routes([
            (route.driver_id.id, self.date, route.picking_order, route.vehicle_id.id) for route in self.route_ids
        ], pickings)
        self.sudo().state = "applied"
