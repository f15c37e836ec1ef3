from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import vrp

HOUR = 3600


class DispatchBoard(models.AbstractModel):
    """Route optimisation inputs: the day's stops, drivers, vehicles and travel matrix
    as a :class:`vrp.Problem` (seconds since midnight, metres, grams, cm³)."""

    _inherit = "dispatch.board"

    @api.model
    def _plan_inputs(self, plan):
        Picking, Day = self.env["stock.picking"], self.env["dispatch.day"]
        date, drivers = plan.date, plan.driver_ids
        base = [("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel"))]
        own = Picking.search([*base, ("driver_id", "in", drivers.ids), ("delivery_date", "=", date)],
                             order="delivery_sequence, id")
        pool = own
        if plan.kind == "plan":
            pool |= Picking.search([
                *base, ("driver_id", "=", False), "|", ("delivery_date", "=", date),
                "&", ("delivery_date", "=", False), ("scheduled_date", "<", date + timedelta(days=1)),
            ], order="delivery_sequence, id")
        depot = self._depot_point(pool)
        if not depot:
            raise UserError(self.env._("Locate the warehouse (or company) address first: routes start there."))
        locked = {d.id: [] for d in drivers}
        movable, unlocated = Picking, []
        for picking in pool:
            if picking._dispatch_lock_reason():
                locked[picking.driver_id.id].append(picking.id)
            elif skip := picking._dispatch_plan_refusal(date):
                unlocated.append((picking.id, *skip))
            elif not (picking.partner_id.partner_latitude or picking.partner_id.partner_longitude):
                unlocated.append((picking.id, "location", self.env._("The customer's address has no map location.")))
            else:
                movable |= picking
        points = [depot] + [(p.partner_id.partner_latitude, p.partner_id.partner_longitude) for p in movable]
        distance, duration, info = self.env["dispatch.travel.cache"]._matrix(points, date, plan.company_id)
        shifts = {d.id: tuple(h * HOUR for h in d._dispatch_shift(plan.company_id)) for d in drivers}
        defaults = self._driver_vehicles(drivers)
        vehicles = {}
        for driver in drivers:
            vehicles[driver.id] = own.filtered(lambda p, d=driver: p.driver_id == d).vehicle_id[:1] or defaults.get(
                driver.id) or self.env["fleet.vehicle"]
        problem = vrp.Problem(
            distance=distance, duration=duration,
            stops=[self._vrp_stop(p, i + 1) for i, p in enumerate(movable)],
            vehicles=[self._vrp_vehicle(d, vehicles[d.id], shifts[d.id]) for d in drivers])
        before = {}
        for driver in drivers:
            order = own.filtered(lambda p, d=driver: p.driver_id == d)
            keys = [p.id for p in order if p in movable]
            before[driver.id] = {"order": order.ids, **self._route_figures(problem, 0, keys, shifts[driver.id])}
        keys = [Day._key(d.id, date) for d in drivers] + (["0|"] if plan.kind == "plan" else [])
        return {
            "problem": problem, "depot": 0, "drivers": drivers, "locked": locked, "before": before,
            "shifts": shifts, "vehicles": {d: v.id for d, v in vehicles.items() if v}, "unlocated": unlocated,
            "matrix": info, "versions": Day._versions(keys),
        }

    @api.model
    def _vrp_stop(self, picking, location):
        return vrp.Stop(
            key=picking.id, location=location,
            demand=(round(picking.weight * 1000), round(picking.dispatch_volume * 1e6)),
            service=picking.dispatch_service_minutes * 60,
            window=(round(picking.delivery_window_start * HOUR), round(picking.delivery_window_end * HOUR)),
            required=False)

    @api.model
    def _vrp_vehicle(self, driver, vehicle, shift):
        capacity = vehicle._dispatch_capacity() if vehicle else {"weight": None, "volume": None, "stops": None}
        return vrp.Vehicle(
            key=driver.id,
            capacity=(round(capacity["weight"] * 1000) if capacity["weight"] else None,
                      round(capacity["volume"] * 1e6) if capacity["volume"] else None),
            max_stops=capacity["stops"], shift=shift)

    @api.model
    def _route_figures(self, problem, depot, keys, shift):
        """km, hours and broken windows (a late return counts as one) of a route."""
        cost = vrp.route_cost(problem, depot, keys, depot, start_time=shift[0])
        late = len(cost["late"]) + (1 if keys and shift[0] + cost["duration"] > shift[1] else 0)
        return {"km": round(cost["distance"] / 1000, 1), "hours": round(cost["duration"] / HOUR, 2) if keys else 0.0,
                "late": late}

    @api.model
    def _unfit_reason(self, problem, key):
        """(picking id, reason, detail) for a stop the solver left out: what no vehicle can
        take at all, else what runs out when the others are served."""
        stop = next(s for s in problem.stops if s.key == key)
        there, back = problem.duration[0][stop.location], problem.duration[stop.location][0]
        dims = (self.env._("weight"), self.env._("volume"))
        for i, amount in enumerate(stop.demand):
            caps = [v.capacity[i] for v in problem.vehicles]
            if caps and all(c is not None and amount > c for c in caps):
                return key, "capacity", self.env._("Heavier than any vehicle can take (%s).", dims[i])
        if all(max(v.shift[0] + there, stop.window[0]) > stop.window[1] for v in problem.vehicles):
            return key, "window", self.env._("Its delivery window cannot be reached within the drivers' shifts.")
        if all(max(v.shift[0] + there, stop.window[0]) + stop.service + back > v.shift[1] for v in problem.vehicles):
            return key, "shift", self.env._("No driver could be back before the end of the shift.")
        for i in range(len(stop.demand)):
            total = sum(s.demand[i] for s in problem.stops)
            caps = [v.capacity[i] for v in problem.vehicles]
            if all(c is not None for c in caps) and total > sum(caps):
                return key, "capacity", self.env._("The vehicles are full (%s).", dims[i])
        stops_caps = [v.max_stops for v in problem.vehicles]
        if all(c is not None for c in stops_caps) and len(problem.stops) > sum(stops_caps):
            return key, "capacity", self.env._("The vehicles have no stop left.")
        return key, "shift", self.env._("The drivers' days are full (time windows and shifts).")
