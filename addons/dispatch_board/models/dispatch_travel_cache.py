import logging
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.logistics_delivery.tools import google_maps
from odoo.addons.logistics_delivery.tools.geo import haversine_km

_logger = logging.getLogger(__name__)


def point_key(point):
    return f"{point[0]:.5f},{point[1]:.5f}"


class DispatchTravelCache(models.Model):
    """Road distances and durations from one point to others, as Google's Routes API
    gave them for a day: a second optimisation of the same day asks Google nothing."""

    _name = "dispatch.travel.cache"
    _description = "Travel matrix cache"

    date = fields.Date(required=True, readonly=True)
    origin = fields.Char(required=True, readonly=True)
    data = fields.Json(readonly=True, help='{"lat,lng": [metres, seconds]} for each destination asked')

    _origin_day_unique = models.UniqueIndex("(date, origin)")

    @api.model
    def _gc_old_days(self, keep_days=7):
        """Cron: drop the matrices of days more than ``keep_days`` in the past."""
        self.sudo().search([("date", "<", fields.Date.today() - timedelta(days=keep_days))]).unlink()

    @api.model
    def _matrix(self, points, date, company):
        """Distance (m) and duration (s) matrices between ``points`` ((lat, lng) pairs)
        and how they were had: ``{"source": "routes"|"haversine", "requests": n, "error"}``.

        With a Google key (Routes API source): cached pairs first, then the missing ones in
        as few requests as the element limit allows; pairs Google could not give fall back
        to haversine x road factor at the company's average speed."""
        settings = self.env["logistics.distance"]._settings()
        n = len(points)
        found, info = {}, {"source": "haversine", "requests": 0, "error": None}
        if settings["api_key"] and settings["source"] == "routes" and n > 1:
            info["source"] = "routes"
            found = self._cached(points, date)
            self._fetch_missing(points, date, settings, found, info)
        speed = company.dispatch_speed_kmh or 35.0
        distance = [[0] * n for _ in range(n)]
        duration = [[0] * n for _ in range(n)]
        for i, a in enumerate(points):
            for j, b in enumerate(points):
                if i == j:
                    continue
                pair = found.get((point_key(a), point_key(b)))
                if pair:
                    distance[i][j], duration[i][j] = pair
                else:
                    km = haversine_km(*a, *b) * settings["road_factor"]
                    distance[i][j], duration[i][j] = round(km * 1000), round(km / speed * 3600)
        return distance, duration, info

    @api.model
    def _cached(self, points, date):
        keys = list(dict.fromkeys(point_key(p) for p in points))
        rows = self.sudo().search_fetch([("date", "=", date), ("origin", "in", keys)], ["origin", "data"])
        wanted = set(keys)
        return {(row.origin, dest): tuple(value) for row in rows for dest, value in (row.data or {}).items()
                if dest in wanted}

    @api.model
    def _fetch_missing(self, points, date, settings, found, info):
        unique = list(dict.fromkeys(points))
        keys = [point_key(p) for p in unique]
        origins = [i for i, k in enumerate(keys) if any((k, d) not in found for d in keys if d != k)]
        if not origins:
            return
        batches = google_maps.plan_matrix_batches(
            len(origins), len(unique), max_elements=google_maps.ROUTES_MAX_ELEMENTS)
        fetched = {}
        for origin_range, dest_range in batches:
            chunk_o = [unique[origins[i]] for i in origin_range]
            chunk_d = [unique[i] for i in dest_range]
            info["requests"] += 1
            try:
                elements = google_maps.compute_route_matrix(
                    settings["api_key"], chunk_o, chunk_d, url=settings["routes_url"], timeout=settings["timeout"])
            except google_maps.GoogleMapsError as exc:
                _logger.warning("Route matrix failed (%s): %s; straight-line distances instead", exc.code, exc)
                info["error"] = self.env._("Google could not compute road distances (%(code)s).", code=exc.code)
                continue
            for el in elements:
                if el.status == "OK" and el.distance_m is not None:
                    pair = (point_key(chunk_o[el.origin_index]), point_key(chunk_d[el.destination_index]))
                    fetched[pair] = (el.distance_m, el.duration_s or 0)
        found.update(fetched)
        self._store(date, fetched)

    @api.model
    def _store(self, date, fetched):
        by_origin = {}
        for (origin, dest), value in fetched.items():
            by_origin.setdefault(origin, {})[dest] = list(value)
        if not by_origin:
            return
        rows = self.sudo().search([("date", "=", date), ("origin", "in", list(by_origin))])
        for row in rows:
            row.data = {**(row.data or {}), **by_origin.pop(row.origin)}
        self.sudo().create([{"date": date, "origin": o, "data": d} for o, d in by_origin.items()])
