from odoo import api, fields, models
from odoo.fields import Domain

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAX_MAP_STOPS = 500
TREND_DAYS = 30


class OpsDashboard(models.AbstractModel):
    """The deliveries section: today's stops, on-time rate, stops to reschedule, drivers
    on the road with their last position, cash collected per driver; weather of the
    warehouses."""

    _inherit = "ops.dashboard"

    @api.model
    def _section_registry(self):
        return dict(super()._section_registry(), deliveries=(10, "_section_deliveries"))

    @api.model
    def _weather_locations(self, scope):
        """The warehouses of the scope's companies (their address), instead of the companies."""
        if not self.env["stock.warehouse"].has_access("read"):
            return super()._weather_locations(scope)
        warehouses = self.env["stock.warehouse"].search_fetch(
            [("company_id", "in", list(scope.company_ids))], ["name", "partner_id"], order="sequence, id")
        warehouses.partner_id.fetch(["partner_latitude", "partner_longitude", "country_id"])
        return [self._weather_location(warehouse.name, warehouse.partner_id) for warehouse in warehouses]

    # ------------------------------------------------------------------ section

    @api.model
    def _section_deliveries(self, scope):
        title = self.env._("Deliveries")
        unavailable = self._unavailable(title, ["stock.picking"])
        if unavailable:
            return unavailable
        Picking = "stock.picking"
        base = Domain("picking_type_code", "=", "outgoing") & self._company_domain(Picking, scope)
        today = fields.Date.to_string(scope.today)
        open_stop = Domain("state", "not in", ("done", "cancel"))
        d7_start, now_end = scope.last_days(7)
        d30_start, _end = scope.last_days(30)
        specs = {
            "planned": (Domain("delivery_date", ">=", fields.Date.to_string(scope.first_day))
                        & Domain("delivery_date", "<=", fields.Date.to_string(scope.last_day))
                        & Domain("state", "!=", "cancel"), "count"),
            "delivered": (Domain("driver_state", "=", "delivered") & Domain("delivered_at", ">=", scope.start)
                          & Domain("delivered_at", "<", scope.end), "count"),
            "failed": (Domain("failed_at", ">=", scope.start) & Domain("failed_at", "<", scope.end), "count"),
            "late": (Domain("driver_state", "=", "todo") & open_stop & Domain("delivery_date", "<", today), "count"),
            "reschedule": (Domain("driver_state", "=", "failed") & open_stop, "count"),
        }
        for days, start in ((7, d7_start), (30, d30_start)):
            window = Domain("driver_state", "=", "delivered") & Domain("delivered_at", ">=", start) \
                & Domain("delivered_at", "<", now_end)
            specs[f"closed_{days}"] = (window, "count")
            specs[f"on_time_{days}"] = (window & Domain("dashboard_on_time", "=", True), "count")
        figures = self._aggregate(Picking, base, specs)

        def action(key, name):
            return self._action(Picking, base & specs[key][0], name)

        kpis = [
            self._kpi("planned", self.env._("Planned"), figures["planned"],
                      action=action("planned", self.env._("Planned stops"))),
            self._kpi("delivered", self.env._("Delivered"), figures["delivered"], tone="success",
                      action=action("delivered", self.env._("Delivered stops"))),
            self._kpi("failed", self.env._("Failed"), figures["failed"], tone="danger" if figures["failed"] else None,
                      action=action("failed", self.env._("Failed stops"))),
            self._kpi("late", self.env._("Late"), figures["late"], tone="warning" if figures["late"] else None,
                      hint=self.env._("planned before today, not delivered"),
                      action=action("late", self.env._("Late stops"))),
            self._kpi("reschedule", self.env._("To reschedule"), figures["reschedule"],
                      tone="warning" if figures["reschedule"] else None,
                      action=action("reschedule", self.env._("Stops to reschedule"))),
        ]
        for days in (7, 30):
            closed, on_time = figures[f"closed_{days}"], figures[f"on_time_{days}"]
            kpis.append(self._kpi(
                f"on_time_{days}", self.env._("On time (%(days)s days)", days=days),
                round(100.0 * on_time / closed) if closed else None, fmt="percent",
                hint=self.env._("%(on_time)s of %(closed)s delivered", on_time=on_time, closed=closed),
                action=action(f"closed_{days}", self.env._("Delivered stops (%(days)s days)", days=days))))
        remaining = base & open_stop & Domain("driver_state", "=", "todo") & Domain("delivery_date", "=", today)
        stops = self.env["stock.picking"].search_fetch(
            remaining, ["name", "partner_id", "driver_id"], limit=MAX_MAP_STOPS + 1,
            order="driver_id, delivery_sequence, id")
        groups = self._deliveries_remaining(remaining, stops)
        drivers = self.env["res.users"].union(*(driver for driver, _count in groups))
        cash = self._deliveries_cash(scope)
        # the names of every driver shown, in one read; as superuser: a driver of another
        # company than those selected still has a name on the figures they are part of
        shown = drivers | self.env["res.users"].union(*(driver for driver, _amount in (cash or {}).get("groups", ())))
        shown.sudo().fetch(["name"])
        kpis.append(self._kpi("drivers", self.env._("Drivers on the road"), len(drivers),
                              action=self._action("res.users", [("id", "in", drivers.ids)],
                                                  self.env._("Drivers on the road"))))
        tables = self._deliveries_tables(remaining, groups, cash)
        empty = None if any(figures.values()) or drivers else self.env._(
            "No deliveries yet: assign delivery orders to a driver and a day (Inventory → Deliveries).")
        return self._section(title, kpis=kpis, tables=tables, empty=empty,
                             map=self._deliveries_map(stops[:MAX_MAP_STOPS], drivers),
                             chart=self._deliveries_trend(scope, base))

    @api.model
    def _deliveries_tables(self, remaining, groups, cash):
        """The lists of the section: remaining stops per driver, cash per driver."""
        tables = [{"key": "remaining", "title": self.env._("Remaining stops today"),
                   "empty": self.env._("No driver has stops left today."),
                   "rows": [{"label": driver.name, "value": count, "format": "integer",
                             "action": self._action("stock.picking", remaining & Domain("driver_id", "=", driver.id),
                                                    self.env._("Remaining stops of %s", driver.name))}
                            for driver, count in groups]}]
        if cash:
            currency = self.env.company.currency_id.id
            tables.append({"key": "cash", "title": self.env._("Cash to hand in"),
                           "empty": self.env._("No cash collected."),
                           "rows": [{"label": driver.name, "value": amount, "format": "monetary", "currency": currency,
                                     "action": self._action(
                                         "account.payment", cash["domain"] & Domain("driver_id", "=", driver.id),
                                         self.env._("Cash collected by %s", driver.name))}
                                    for driver, amount in cash["groups"]]})
        return tables

    @api.model
    def _deliveries_remaining(self, remaining, stops):
        """Today's remaining stops per driver, ``[(driver, count)]``: counted from the
        map's stops when they are all there, else with a grouped query."""
        if len(stops) > MAX_MAP_STOPS:
            return self.env["stock.picking"]._read_group(
                remaining & Domain("driver_id", "!=", False), ["driver_id"], ["__count"])
        counts = {}
        for stop in stops.filtered("driver_id"):
            counts[stop.driver_id] = counts.get(stop.driver_id, 0) + 1
        return list(counts.items())

    @api.model
    def _deliveries_cash(self, scope):
        """Cash collected by each driver in the period (the money they hand in):
        ``{"domain", "groups": [(driver, amount)]}``, ``None`` without access to payments."""
        if not self.env["account.payment"].has_access("read"):
            return None
        domain = Domain("driver_id", "!=", False) & Domain("driver_collect_method", "=", "cash") \
            & Domain("state", "not in", ("draft", "canceled", "rejected")) \
            & Domain("date", ">=", fields.Date.to_string(scope.first_day)) \
            & Domain("date", "<=", fields.Date.to_string(scope.last_day)) \
            & self._company_domain("account.payment", scope)
        return {"domain": domain, "groups": self.env["account.payment"]._read_group(
            domain, ["driver_id"], ["amount_company_currency_signed:sum"])}

    @api.model
    def _deliveries_map(self, stops, drivers):
        """Last position of the drivers on the road and today's remaining stops."""
        params = self.env["ir.config_parameter"].sudo()
        positions = self.env["driver.position"]
        if self.env["driver.position"].has_access("read"):
            positions = positions.search_fetch([("is_latest", "=", True), ("driver_id", "in", drivers.ids)],
                                               ["driver_id", "latitude", "longitude", "recorded_at"])
        stops.partner_id.fetch(["name", "partner_latitude", "partner_longitude"])
        return {
            "tile_url": params.get_param("ops_dashboard.tile_url") or DEFAULT_TILE_URL,
            "drivers": [{"id": pos.id, "name": pos.driver_id.name, "latitude": pos.latitude,
                         "longitude": pos.longitude,
                         "time": fields.Datetime.context_timestamp(self, pos.recorded_at).strftime("%H:%M")}
                        for pos in positions],
            "stops": [{"id": stop.id, "name": stop.name, "partner": stop.partner_id.name or "",
                       "driver": stop.driver_id.name or "", "latitude": stop.partner_id.partner_latitude,
                       "longitude": stop.partner_id.partner_longitude}
                      for stop in stops if stop.partner_id.partner_latitude or stop.partner_id.partner_longitude],
        }

    @api.model
    def _deliveries_trend(self, scope, base):
        """Delivered and failed stops per day over the last 30 days."""
        start, end = scope.last_days(TREND_DAYS)
        Picking = self.env["stock.picking"]
        delivered = dict(Picking._read_group(
            base & Domain("driver_state", "=", "delivered") & Domain("delivered_at", ">=", start)
            & Domain("delivered_at", "<", end), ["delivered_at:day"], ["__count"]))
        failed = dict(Picking._read_group(
            base & Domain("failed_at", ">=", start) & Domain("failed_at", "<", end), ["failed_at:day"], ["__count"]))
        series = {
            self.env._("Delivered"): delivered,
            self.env._("Failed"): failed,
        }
        return dict(self._daily_series(scope, TREND_DAYS, series), type="bar")
