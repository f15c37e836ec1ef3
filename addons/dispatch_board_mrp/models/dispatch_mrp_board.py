import time
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

GROUP = "dispatch_board.group_dispatcher"
MOVABLE_STATES = ("confirmed",)


class DispatchMrpBoard(models.AbstractModel):
    """Manufacturing orders by work centre x day: one call loads the week, one call
    reschedules orders. Rescheduling is Odoo's own planning (the order starts on the
    work centre's first working hour of the day, then its work orders are planned on
    the work centre's calendar); a day the work centre does not work is refused, a
    lane over its available hours needs a confirmation, and an order changed by someone
    else since the board was loaded is refused as stale."""

    _name = "dispatch.mrp.board"
    _description = "Manufacturing dispatch board"

    @api.model
    def load_board(self, date_from, days=7):
        self._check_planner()
        started = time.perf_counter()
        date_from = fields.Date.to_date(date_from)
        dates = [date_from + timedelta(days=i) for i in range(max(1, min(int(days), 14)))]
        start, end = self._utc(dates[0]), self._utc(dates[-1] + timedelta(days=1))
        orders = self.env["mrp.production"].search_fetch([
            ("state", "in", ("confirmed", "progress", "to_close")),
            ("date_start", ">=", start), ("date_start", "<", end),
        ], ["name", "product_id", "product_qty", "date_start", "state", "workorder_ids", "write_date"],
            order="date_start, id")
        workcenters = self.env["mrp.workcenter"].search_fetch(
            [], ["name", "resource_calendar_id"], order="sequence, id")
        lanes = {}
        for wc in workcenters:
            hours = self._available_hours(wc, dates)
            for day in dates:
                key = self._key(wc.id, day)
                lanes[key] = {"key": key, "workcenter_id": wc.id, "date": fields.Date.to_string(day), "orders": [],
                              "load": 0.0, "capacity": hours[day], "over": False}
        cards = {}
        for order in orders:
            key = self._key(self._workcenter(order).id, self._local_day(order.date_start))
            lane = lanes.get(key)
            minutes = sum(order.workorder_ids.mapped("duration_expected"))
            if lane:
                lane["orders"].append(order.id)
                lane["load"] = round(lane["load"] + minutes / 60, 2)
                lane["over"] = lane["load"] > lane["capacity"] + 1e-9
            cards[order.id] = {"id": order.id, "name": order.name, "product": order.product_id.display_name,
                               "qty": order.product_qty, "hours": round(minutes / 60, 2),
                               "locked": order.state not in MOVABLE_STATES,
                               "seen": fields.Datetime.to_string(order.write_date)}
        return {"dates": [fields.Date.to_string(d) for d in dates],
                "workcenters": [{"id": wc.id, "name": wc.name} for wc in workcenters],
                "lanes": lanes, "orders": cards,
                "server_ms": round((time.perf_counter() - started) * 1000, 1)}

    @api.model
    def move_orders(self, moves, confirm=False):
        """Reschedule ``[{"id", "key": "workcenter|date", "seen": write_date}]``. Answers
        ``{"status": "ok" | "stale" | "over_capacity", ...}``; only "ok" changed anything."""
        self._check_planner()
        orders = self.env["mrp.production"].browse([int(m["id"]) for m in moves]).exists()
        orders.check_access("write")
        by_id = {order.id: order for order in orders}
        stale = [m["id"] for m in moves if int(m["id"]) not in by_id
                 or fields.Datetime.to_string(by_id[int(m["id"])].write_date) != m.get("seen")]
        if stale:
            return {"status": "stale", "stale": stale}
        targets = []
        for move in moves:
            order = by_id[int(move["id"])]
            if order.state not in MOVABLE_STATES:
                raise UserError(self.env._("%s is already in production: it cannot be moved.", order.name))
            wc_id, _sep, day = str(move["key"]).partition("|")
            workcenter, day = self.env["mrp.workcenter"].browse(int(wc_id)).exists(), fields.Date.to_date(day)
            if not workcenter:
                raise UserError(self.env._("Unknown work centre."))
            targets.append((order, workcenter, day, self._first_working_hour(workcenter, day)))
        over = self._overloads(targets)
        if over and not confirm:
            return {"status": "over_capacity", "over": over}
        for order, workcenter, _day, start in targets:
            self._reschedule(order, workcenter, start)
        return {"status": "ok"}

    # -- helpers -------------------------------------------------------------------------

    @api.model
    def _check_planner(self):
        if not (self.env.user.has_group(GROUP) and self.env.user.has_group("mrp.group_mrp_user")):
            raise AccessError(self.env._("Only dispatchers with manufacturing rights can use the production board."))

    @api.model
    def _key(self, workcenter_id, day):
        return f"{workcenter_id}|{fields.Date.to_string(day)}"

    @api.model
    def _tz(self):
        return pytz.timezone(self.env.user.tz or "UTC")

    @api.model
    def _utc(self, day):
        return self._tz().localize(datetime.combine(day, datetime.min.time())).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _local_day(self, moment):
        return pytz.utc.localize(moment).astimezone(self._tz()).date()

    @api.model
    def _workcenter(self, order):
        todo = order.workorder_ids.filtered(lambda wo: wo.state not in ("done", "cancel"))
        return (todo or order.workorder_ids)[:1].workcenter_id

    @api.model
    def _intervals(self, workcenter, start_day, end_day):
        calendar = workcenter.resource_calendar_id
        if not calendar:
            return []
        zone = pytz.timezone(calendar.tz or "UTC")
        start = zone.localize(datetime.combine(start_day, datetime.min.time()))
        end = zone.localize(datetime.combine(end_day + timedelta(days=1), datetime.min.time()))
        resource = workcenter.resource_id
        return list(calendar._work_intervals_batch(start, end, resources=resource)[resource.id])

    @api.model
    def _available_hours(self, workcenter, dates):
        hours = dict.fromkeys(dates, 0.0)
        for begin, stop, _meta in self._intervals(workcenter, dates[0], dates[-1]):
            if begin.date() in hours:
                hours[begin.date()] = round(hours[begin.date()] + (stop - begin).total_seconds() / 3600, 2)
        return hours

    @api.model
    def _first_working_hour(self, workcenter, day):
        intervals = self._intervals(workcenter, day, day)
        starts = [begin for begin, _stop, _meta in intervals if begin.date() == day]
        if not starts:
            raise UserError(self.env._("%(wc)s does not work on %(day)s.", wc=workcenter.name, day=day))
        return min(starts).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _overloads(self, targets):
        over = {}
        for order, workcenter, day, _start in targets:
            key = self._key(workcenter.id, day)
            lane = self.load_board(fields.Date.to_string(day), 1)["lanes"].get(key, {})
            minutes = sum(order.workorder_ids.mapped("duration_expected"))
            extra = 0.0 if order.id in lane.get("orders", []) else minutes / 60
            load = lane.get("load", 0.0) + extra
            if load > lane.get("capacity", 0.0) + 1e-9:
                over[key] = {"load": round(load, 2), "capacity": lane.get("capacity", 0.0)}
        return over

    @api.model
    def _reschedule(self, order, workcenter, start):
        """Odoo's planning from ``start``: unplan (writing date_start does), move the work
        orders of the old work centre to the new one, plan again on its calendar."""
        current = self._workcenter(order)
        order.write({"date_start": start})
        if current and current != workcenter:
            order.workorder_ids.filtered(lambda wo: wo.workcenter_id == current and wo.state not in (
                "done", "cancel")).write({"workcenter_id": workcenter.id})
        if order.workorder_ids:
            order.button_plan()
