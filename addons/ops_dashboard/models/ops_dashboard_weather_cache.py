from odoo import fields, models


class OpsDashboardWeatherCache(models.Model):
    """Weather of one place, as the provider last gave it: shared by every dashboard
    load of every worker, so the provider is asked once per place and period.

    ``grid`` (the provider's coordinates for the place, e.g. the NWS forecast URL) is kept
    for weeks; ``forecast`` for minutes. ``attempted_at`` throttles the calls, also after
    a failure; ``forecast_fetched_at`` is the age of the last good forecast. Written by
    the system only (no access rights: the dashboard reads it as superuser).
    """

    _name = "ops.dashboard.weather.cache"
    _description = "Dashboard Weather Cache"
    _rec_name = "location_key"

    location_key = fields.Char(required=True, readonly=True, help="Provider and coordinates (4 decimals).")
    provider = fields.Char(required=True, readonly=True)
    latitude = fields.Float(digits=(10, 4), readonly=True)
    longitude = fields.Float(digits=(10, 4), readonly=True)
    grid = fields.Json(readonly=True)
    grid_fetched_at = fields.Datetime(readonly=True)
    forecast = fields.Json(readonly=True, help="Forecast periods and active alerts.")
    forecast_fetched_at = fields.Datetime(readonly=True, help="When the last good forecast arrived.")
    attempted_at = fields.Datetime(readonly=True, help="Last call to the provider, successful or not.")
    last_error = fields.Char(readonly=True)

    _location_key_unique = models.UniqueIndex("(location_key)")
