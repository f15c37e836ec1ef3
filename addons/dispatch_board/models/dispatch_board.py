import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.logistics_delivery.tools.geo import haversine_km

GROUP = "dispatch_board.group_dispatcher"
DIMENSIONS = ("weight", "volume", "stops", "hours")
STOP_FIELDS = [
    "name", "partner_id", "driver_id", "delivery_date", "delivery_sequence", "delivery_window_start",
    "delivery_window_end", "dispatch_service_minutes", "weight", "dispatch_volume", "state", "driver_state",
    "vehicle_id", "picking_type_id", "carrier_id", "company_id",
]


def hhmm(hours):
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class DispatchBoard(models.AbstractModel):
    """The dispatch board's server side: one call loads a week, one call saves any set
    of lane changes (reorder, move between drivers/days, a driver's whole day), with the
    lane versions the client saw (stale: ask) and an explicit confirmation to go over a
    vehicle's capacity or a driver's shift. Only dispatchers may call it."""

    _name = "dispatch.board"
    _description = "Dispatch board"

    # -- public API (RPC) ----------------------------------------------------------------

    @api.model
    def load_board(self, date_from, days=7, filters=None):
        self._check_dispatcher()
        started = time.perf_counter()
        date_from = self._date_arg(date_from)
        try:
            days = max(1, min(int(days), 14))
        except (TypeError, ValueError):
            raise UserError(self.env._("Unreadable board request.")) from None
        data = self._board_data(date_from, days, self._filter_domain(filters if isinstance(filters, dict) else {}))
        data["server_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return data

    @api.model
    def save_lanes(self, lanes, versions, confirm=False, view=None):
        """Save new stop orders. ``lanes``: ``[{"key": "driver|date", "stops": [ids]}]``,
        the complete new order of each changed lane ("0|" = unassigned); ``versions``: the
        version the client saw of every lane it changed or took stops from. Answers
        ``{"status": "ok" | "stale" | "over_capacity", ...}``; only "ok" wrote anything."""
        self._check_dispatcher()
        Day = self.env["dispatch.day"]
        parsed = self._parse_lanes(lanes)
        pickings = self.env["stock.picking"].browse([pid for _d, _day, ids in parsed for pid in ids])
        if pickings - pickings.exists():
            return {"status": "stale", "stale": []}  # deleted meanwhile
        pickings.check_access("write")
        needed = {Day._key(d, day) for d, day, _ids in parsed}
        needed |= {self._lane_key(p) for p in pickings}
        try:
            expected = {key: int((versions or {}).get(key, -1)) for key in needed}
        except (AttributeError, TypeError, ValueError):
            raise UserError(self.env._("Unreadable board change.")) from None
        current = Day._versions(sorted(needed))
        stale = sorted(key for key in needed if current[key] != expected[key])
        if stale:
            return {"status": "stale", "stale": stale}
        over = self._overloads_after(parsed, pickings)
        if over and not confirm:
            return {"status": "over_capacity", "over": over}
        stale = Day._bump(expected)
        if stale:
            return {"status": "stale", "stale": stale}
        self._write_routes([(d, day, ids, None) for d, day, ids in parsed], pickings)
        result = {"status": "ok"}
        if view:
            result["board"] = self.load_board(view.get("date_from"), view.get("days", 7), view.get("filters"))
        return result

    @api.model
    def optimise_day(self, driver_id, date):
        """Queue "Optimise day" for one driver; returns the preview's form action."""
        self._check_dispatcher()
        driver = self._drivers().filtered(lambda u: u.id == driver_id)
        if not driver:
            raise UserError(self.env._("This user is not a delivery driver."))
        plan = self.env["dispatch.plan"]._request("optimise", self._date_arg(date), driver)
        return self._plan_action(plan)

    @api.model
    def plan_day(self, date, driver_ids=None):
        """Queue "Plan day": assign the day's unassigned stops across ``driver_ids`` (all
        drivers by default) and order every route; returns the preview's form action."""
        self._check_dispatcher()
        drivers = self._drivers()
        if driver_ids:
            if not isinstance(driver_ids, list):
                raise UserError(self.env._("Unreadable board request."))
            drivers = drivers.filtered(lambda u: u.id in set(driver_ids))
        if not drivers:
            raise UserError(self.env._("There is no delivery driver to plan for."))
        plan = self.env["dispatch.plan"]._request("plan", self._date_arg(date), drivers)
        return self._plan_action(plan)

    # -- helpers -------------------------------------------------------------------------

    @api.model
    def _date_arg(self, value):
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise UserError(self.env._("Unreadable date: %s", value))
        return day

    @api.model
    def _check_dispatcher(self):
        if not self.env.user.has_group(GROUP):
            raise AccessError(self.env._("Only dispatchers can use the dispatch board."))

    @api.model
    def _board_capabilities(self):
        """What the board may offer besides planning; bridge modules add theirs (e.g.
        ``notify``: tell customers their delivery day and window)."""
        return {"notify": False}

    @api.model
    def _board_stop_fields(self):
        """The stop fields read with the board's one stop query; bridge modules add what
        their card data (``_card``) reads, so a card costs no query of its own."""
        return list(STOP_FIELDS)

    @api.model
    def _plan_action(self, plan):
        return {"type": "ir.actions.act_window", "res_model": "dispatch.plan", "res_id": plan.id,
                "views": [[False, "form"]], "target": "current"}

    @api.model
    def _drivers(self):
        group = self.env.ref("driver_portal.group_delivery_driver")
        return self.env["res.users"].sudo().search(
            [("all_group_ids", "in", group.ids), ("company_ids", "in", self.env.company.ids)], order="name")

    @api.model
    def _lane_key(self, picking):
        if not picking.driver_id or not picking.delivery_date:
            return "0|"
        return self.env["dispatch.day"]._key(picking.driver_id.id, picking.delivery_date)

    @api.model
    def _parse_lanes(self, lanes):
        parsed, seen = [], set()
        if not isinstance(lanes, list) or not all(
                isinstance(lane, dict) and isinstance(lane.get("stops", []), list) for lane in lanes):
            raise UserError(self.env._("Unreadable board change."))
        for lane in lanes:
            driver, _sep, day = str(lane.get("key", "")).partition("|")
            try:
                driver_id, ids = int(driver), [int(i) for i in lane.get("stops") or []]
                date = fields.Date.to_date(day) if day else None
            except (TypeError, ValueError):
                raise UserError(self.env._("Unreadable board change.")) from None
            if bool(driver_id) != bool(date) or seen & set(ids) or len(set(ids)) != len(ids):
                raise UserError(self.env._("Unreadable board change."))
            seen |= set(ids)
            parsed.append((driver_id, date, ids))
        if len(parsed) > 60 or len(seen) > 2000:
            raise UserError(self.env._("Too many changes at once."))
        return parsed

    @api.model
    def _filter_domain(self, filters):
        domain = []
        try:
            if filters.get("warehouse_id"):
                domain.append(("picking_type_id.warehouse_id", "=", int(filters["warehouse_id"])))
            if filters.get("carrier_id"):
                domain.append(("carrier_id", "=", int(filters["carrier_id"])))
        except (TypeError, ValueError):
            raise UserError(self.env._("Unreadable board filter.")) from None
        return domain

    # -- loading -------------------------------------------------------------------------

    @api.model
    def _board_data(self, date_from, days, extra_domain):
        Day = self.env["dispatch.day"]
        dates = [date_from + timedelta(days=i) for i in range(days)]
        stops = self.env["stock.picking"].search_fetch([
            ("picking_type_code", "=", "outgoing"), ("state", "!=", "cancel"), *extra_domain,
            "|", "&", "&", ("driver_id", "!=", False), ("delivery_date", ">=", dates[0]),
            ("delivery_date", "<=", dates[-1]),
            "&", ("state", "!=", "done"), "|", ("driver_id", "=", False), ("delivery_date", "=", False),
        ], self._board_stop_fields(), order="delivery_sequence, id")
        stops.partner_id.fetch(["name", "city", "zip", "partner_latitude", "partner_longitude"])
        drivers = self._drivers()
        defaults = self._driver_vehicles(drivers)
        # capacities are what the board shows of vehicles: read them without fleet rights
        vehicles = stops.vehicle_id.sudo() | self.env["fleet.vehicle"].sudo().browse([v.id for v in defaults.values()])
        vehicles.fetch(["name", "license_plate", "dispatch_max_weight", "dispatch_max_volume", "dispatch_max_stops"])
        depot = self._depot_point(stops)
        by_lane = {}
        for stop in stops:
            by_lane.setdefault(self._lane_key(stop), []).append(stop)
        keys = ["0|"] + [Day._key(d.id, day) for d in drivers for day in dates]
        versions = Day._versions(keys)
        lanes = {}
        for driver in drivers:
            for day in dates:
                key = Day._key(driver.id, day)
                lane_stops = by_lane.get(key, [])
                vehicle = next((s.vehicle_id.sudo() for s in lane_stops if s.vehicle_id), defaults.get(driver.id))
                figures = self._lane_figures(lane_stops, vehicle, driver._dispatch_shift(self.env.company), depot)
                lanes[key] = {"key": key, "driver_id": driver.id, "date": fields.Date.to_string(day),
                              "stops": [s.id for s in lane_stops], "version": versions[key],
                              "vehicle": vehicle.display_name if vehicle else "", **figures}
        unassigned = by_lane.get("0|", [])
        lanes["0|"] = {"key": "0|", "driver_id": False, "date": False, "stops": [s.id for s in unassigned],
                       "version": versions["0|"], "vehicle": "", "load": {}, "capacity": {}, "over": [], "eta": {},
                       "late": []}
        return {
            "dates": [fields.Date.to_string(d) for d in dates],
            "drivers": [{"id": d.id, "name": d.name} for d in drivers],
            "lanes": lanes,
            "stops": {s.id: self._card(s, lanes) for s in stops},
            "capabilities": self._board_capabilities(),
            "warehouses": self.env["stock.warehouse"].search_read([], ["name"]),
            "carriers": self.env["delivery.carrier"].search_read([], ["name"]),
        }

    @api.model
    def _card(self, stop, lanes):
        lane = lanes.get(self._lane_key(stop), {})
        return {
            "id": stop.id, "name": stop.name, "partner": stop.partner_id.name or "",
            "city": stop.partner_id.city or "", "zip": stop.partner_id.zip or "",
            "window": f"{hhmm(stop.delivery_window_start)}-{hhmm(stop.delivery_window_end)}",
            "weight": round(stop.weight, 2), "volume": round(stop.dispatch_volume, 3),
            "locked": stop._dispatch_lock_reason() or "", "eta": lane.get("eta", {}).get(stop.id, ""),
            "late": stop.id in lane.get("late", []),
            "date": fields.Date.to_string(stop.delivery_date) if stop.delivery_date else "",
        }

    @api.model
    def _driver_vehicles(self, drivers):
        """{driver id: the fleet vehicle they drive by default}."""
        vehicles = self.env["fleet.vehicle"].sudo().search([("driver_id", "in", drivers.partner_id.ids)])
        by_partner = {v.driver_id.id: v for v in vehicles}
        return {d.id: by_partner[d.partner_id.id] for d in drivers if d.partner_id.id in by_partner}

    @api.model
    def _depot_point(self, pickings):
        """(lat, lng) where routes start and end: the stops' warehouse, else the company."""
        partners = pickings.picking_type_id.warehouse_id.partner_id | self.env.company.partner_id
        located = partners.filtered(lambda p: p.partner_latitude or p.partner_longitude)
        return (located[0].partner_latitude, located[0].partner_longitude) if located else None

    @api.model
    def _lane_figures(self, stops, vehicle, shift, depot):
        """Load (weight, volume, stops, hours), capacity, what is over, estimated arrival
        of each stop and the broken windows of a lane, from straight-line distances x road
        factor at the company's average speed (no network call while loading the board)."""
        company = self.env.company
        factor = self.env["logistics.distance"]._settings()["road_factor"]
        speed = company.dispatch_speed_kmh or 35.0
        now, here, eta, late = shift[0], depot, {}, []
        for stop in stops:
            partner = stop.partner_id
            point = (partner.partner_latitude, partner.partner_longitude) if (
                partner.partner_latitude or partner.partner_longitude) else None
            if here and point:
                now += haversine_km(*here, *point) * factor / speed
                here = point
            now = max(now, stop.delivery_window_start)
            eta[stop.id] = hhmm(now)
            if now > stop.delivery_window_end:
                late.append(stop.id)
            now += stop.dispatch_service_minutes / 60
        if here and depot and stops:
            now += haversine_km(*here, *depot) * factor / speed
        load = {"weight": round(sum(s.weight for s in stops), 2),
                "volume": round(sum(s.dispatch_volume for s in stops), 3),
                "stops": len(stops), "hours": round(now - shift[0], 2) if stops else 0.0}
        capacity = dict(vehicle._dispatch_capacity() if vehicle else {"weight": None, "volume": None, "stops": None})
        capacity["hours"] = round(shift[1] - shift[0], 2)
        over = [dim for dim in DIMENSIONS if capacity.get(dim) is not None and load[dim] > capacity[dim] + 1e-9]
        return {"load": load, "capacity": capacity, "over": over, "eta": eta, "late": late}

    # -- saving --------------------------------------------------------------------------

    @api.model
    def _overloads_after(self, parsed, pickings):
        """{lane key: [dimensions over capacity]} of the driver lanes once saved."""
        Day = self.env["dispatch.day"]
        drivers = self.env["res.users"].sudo().browse([d for d, _day, _ids in parsed if d])
        defaults = self._driver_vehicles(drivers)
        depot = self._depot_point(pickings)
        over = {}
        for driver_id, day, ids in parsed:
            if not driver_id:
                continue
            stops = self.env["stock.picking"].browse(ids)
            key = Day._key(driver_id, day)
            current = stops.filtered(lambda p, key=key: self._lane_key(p) == key)
            vehicle = current.vehicle_id[:1].sudo() or defaults.get(driver_id)
            driver = drivers.browse(driver_id)
            figures = self._lane_figures(stops, vehicle, driver._dispatch_shift(self.env.company), depot)
            if figures["over"]:
                over[key] = {"over": figures["over"], "load": figures["load"], "capacity": figures["capacity"]}
        return over

    @api.model
    def _write_routes(self, routes, pickings):
        """Write ``[(driver id, date, [picking ids in order], vehicle id)]``: driver, day
        and stop order (driver 0: unassigned, the day is kept). A done or visited stop
        may not change lane nor place."""
        pickings = pickings.with_prefetch(pickings.ids)
        for driver_id, date, ids, vehicle_id in routes:
            stops = pickings.browse(ids)
            moved = stops.filtered(lambda p, d=driver_id, day=date: p.driver_id.id != (d or False) or (
                d and p.delivery_date != day))
            stay = [p for p in stops if p not in moved]
            old_order = sorted(stay, key=lambda p: (p.delivery_sequence, p.id))
            for stop in stops:
                reason = stop._dispatch_lock_reason()
                if reason and (stop in moved or old_order.index(stop) != stay.index(stop)):
                    raise UserError(self.env._("%s It cannot be moved.", reason))
            vals = {"driver_id": driver_id or False}
            if driver_id:
                vals["delivery_date"] = date
            if vehicle_id:
                vals["vehicle_id"] = vehicle_id
            if moved or vehicle_id:
                (moved | (stops if vehicle_id else stops.browse())).write(vals)
            for index, stop in enumerate(stops):
                if stop.delivery_sequence != (index + 1) * 10:
                    stop.delivery_sequence = (index + 1) * 10
