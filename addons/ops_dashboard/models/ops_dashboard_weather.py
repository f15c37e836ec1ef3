import logging
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.ops_base.tools.http import HttpCallError

from ..tools.nws import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, NwsClient, point

_logger = logging.getLogger(__name__)

GRID_TTL = timedelta(days=30)
FORECAST_TTL = timedelta(minutes=5)
# Where the National Weather Service has forecasts: the US and its territories.
NWS_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP"})


# One extension of ops.dashboard per concern (framework, weather): files stay short.
class OpsDashboard(models.AbstractModel):
    """The weather section: a card per place (warehouses when the delivery bridge is
    installed, else the companies), each from its provider, cached in
    ``ops.dashboard.weather.cache``."""

    _inherit = "ops.dashboard"

    @api.model
    def _section_registry(self):
        return dict(super()._section_registry(), weather=(90, "_section_weather"))

    # ------------------------------------------------------------------ hooks

    @api.model
    def _weather_locations(self, scope):
        """Hook: the places to show the weather of, ``[{"name", "latitude", "longitude",
        "country_code", "country"}]``. Default: the companies' addresses."""
        companies = self.env["res.company"].browse(scope.company_ids)
        return [self._weather_location(company.name, company.partner_id) for company in companies]

    @api.model
    def _weather_location(self, name, partner):
        return {"name": name, "latitude": partner.partner_latitude, "longitude": partner.partner_longitude,
                "country_code": partner.country_id.code, "country": partner.country_id.name}

    @api.model
    def _weather_provider(self, location):
        """Hook: the provider key for a place (``_weather_fetch_<key>`` fetches it), or
        ``False`` when none covers it. A module adding a provider calls ``super()``
        first and answers for the places it covers."""
        return "nws" if location.get("country_code") in NWS_COUNTRIES else False

    # ------------------------------------------------------------------ section

    @api.model
    def _section_weather(self, scope):
        title = self.env._("Weather")
        locations = self._weather_locations(scope)
        if not locations:
            return self._section(title, empty=self.env._(
                "Add the address of your warehouses to see their weather."))
        Cache = self.env["ops.dashboard.weather.cache"].sudo()
        keyed = []
        for location in locations:
            provider = self._weather_provider(location)
            has_point = bool(location["latitude"] or location["longitude"])
            key = f"{provider}:{point(location['latitude'], location['longitude'])}" if provider and has_point else None
            keyed.append((location, provider, key))
        keys = [key for _loc, _prov, key in keyed if key]
        rows = {row["location_key"]: row for row in Cache.search_read(
            [("location_key", "in", keys)], ["location_key", "grid", "forecast", "forecast_fetched_at",
                                             "attempted_at", "last_error"])} if keys else {}
        now = fields.Datetime.now()
        cards = []
        for location, provider, key in keyed:
            row = rows.get(key) if key else None
            if key and (not row or not row["attempted_at"] or now - row["attempted_at"] >= FORECAST_TTL):
                row = self._weather_refresh(provider, location, key, create=not row) or row
            cards.append(self._weather_card(location, provider, key, row, now))
        return self._section(title, weather=cards)

    @api.model
    def _weather_card(self, location, provider, key, row, now):
        card = {"name": location["name"], "status": "ok", "message": False, "periods": [], "alerts": [],
                "age_minutes": None}
        if not provider:
            card.update(status="no_provider", message=self.env._(
                "No weather provider is configured for %(country)s (the National Weather Service covers the "
                "United States only).", country=location.get("country") or self.env._("this address")))
            return card
        if not key:
            card.update(status="no_coordinates", message=self.env._(
                "Locate the address of %(name)s (Geolocate) to see its weather.", name=location["name"]))
            return card
        row = row or {}
        if (row.get("grid") or {}).get("not_covered"):
            card.update(status="no_provider", message=self.env._("This place is not covered by the weather provider."))
            return card
        forecast, fetched_at = row.get("forecast") or {}, row.get("forecast_fetched_at")
        card.update(periods=forecast.get("periods") or [], alerts=forecast.get("alerts") or [])
        if fetched_at:
            card["age_minutes"] = int((now - fetched_at).total_seconds() // 60)
        if row.get("last_error"):
            card.update(status="unavailable", message=self.env._("Weather unavailable."))
        elif not fetched_at:
            # another worker is asking the provider right now
            card.update(status="pending",
                        message=self.env._("The forecast is on its way: it shows at the next refresh."))
        return card

    # ------------------------------------------------------------------ refresh

    @api.model
    def _weather_refresh(self, provider, location, key, create=False):
        """Ask the provider for a place's weather in a transaction of its own, one worker
        at a time: the cache row is locked with ``FOR UPDATE SKIP LOCKED``, so concurrent
        loads keep the cached values instead of calling the provider again (and the
        dashboard's own transaction never waits for the provider nor holds a lock).

        :param create: the row does not exist yet: insert it first (committed, so that
            every worker locks the same row)
        :return: the new row values, or ``None`` when another worker refreshes (or just
            refreshed) the place
        """
        now = fields.Datetime.now()
        if create:
            with self.env.registry.cursor() as cr:  # committed on exit
                cr.execute(SQL(
                    """INSERT INTO ops_dashboard_weather_cache (location_key, provider, latitude, longitude,
                                                                 create_uid, write_uid, create_date, write_date)
                       VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (location_key) DO NOTHING""",
                    key, provider, round(location["latitude"], 4), round(location["longitude"], 4),
                    self.env.uid, self.env.uid, now, now))
        try:
            with self.env.registry.cursor() as cr:
                cr.execute(SQL("""SELECT id, attempted_at FROM ops_dashboard_weather_cache
                                   WHERE location_key = %s FOR UPDATE SKIP LOCKED""", key))
                locked = cr.fetchone()
                if not locked or (locked[1] and now - locked[1] < FORECAST_TTL):
                    return None
                return self._weather_fetch_into(provider, location, key=key, cr=cr, cache_id=locked[0], now=now)
        except SerializationFailure:
            # another worker refreshed the row after this transaction's snapshot
            return None

    @api.model
    def _weather_fetch_into(self, provider, location, *, key, cr, cache_id, now):
        """Fetch with ``_weather_fetch_<provider>`` and store the result (or the error)
        in the locked cache row, on the refresh's cursor; the row's new values."""
        cache = self.env(cr=cr, su=True)["ops.dashboard.weather.cache"].browse(cache_id)
        values = {"attempted_at": now, "last_error": False}
        try:
            values.update(getattr(self.with_env(cache.env), f"_weather_fetch_{provider}")(location, cache, now))
        except HttpCallError as exc:
            _logger.info("Weather of %s (%s) unavailable: %s", location["name"], key, exc.message)
            values["last_error"] = exc.message[:250]
        cache.write(values)
        return cache.read(["location_key", "grid", "forecast", "forecast_fetched_at", "attempted_at", "last_error"])[0]

    @api.model
    def _weather_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        base_url = params.get_param("ops_dashboard.nws_base_url") or DEFAULT_BASE_URL
        contact = params.get_param("ops_dashboard.weather_contact") or params.get_param("web.base.url") or ""
        try:
            timeout = float(params.get_param("ops_dashboard.weather_timeout") or DEFAULT_TIMEOUT)
        except ValueError:
            timeout = DEFAULT_TIMEOUT
        return base_url, f"OperationsSuiteDashboard/1.0 ({contact})", timeout

    @api.model
    def _weather_fetch_nws(self, location, cache, now):
        """National Weather Service: the grid (cached 30 days; a 404 means the place is
        not covered, also kept 30 days), then forecast and active alerts."""
        base_url, user_agent, timeout = self._weather_settings()
        client = NwsClient(base_url, user_agent, timeout)
        values = {}
        grid = cache.grid
        if not grid or not cache.grid_fetched_at or now - cache.grid_fetched_at >= GRID_TTL:
            try:
                grid = client.grid(location["latitude"], location["longitude"])
            except HttpCallError as exc:
                if exc.status != 404:
                    raise
                grid = {"not_covered": True}
            # kept even if the forecast fails next: the grid is asked once per place
            cache.write({"grid": grid, "grid_fetched_at": now})
        if grid.get("not_covered"):
            return values
        values.update(forecast={"periods": client.forecast(grid["forecast_url"]),
                                "alerts": client.alerts(location["latitude"], location["longitude"])},
                      forecast_fetched_at=now)
        return values
