"""National Weather Service client (https://www.weather.gov/documentation/services-web-api).

Plain Python, no ORM; every call goes through the suite's HTTP helper (timeout, error
classification). The API wants a descriptive ``User-Agent`` with a contact, and point
coordinates with at most 4 decimals (more decimals answer a redirect).

- :meth:`NwsClient.grid`: ``GET /points/{lat},{lon}`` → the grid's forecast URL (cache it
  for weeks: a point's grid does not move); a 404 means "not covered" (outside the US);
- :meth:`NwsClient.forecast`: the grid's forecast periods;
- :meth:`NwsClient.alerts`: ``GET /alerts/active?point=`` → the active alerts.
"""

from odoo.addons.ops_base.tools.http import HttpCallError, call, json_body

DEFAULT_BASE_URL = "https://api.weather.gov"
DEFAULT_TIMEOUT = 5  # seconds: the dashboard waits for it
MAX_PERIODS = 4  # forecast periods kept (today, tonight, tomorrow, tomorrow night)
MAX_ALERTS = 5


def point(latitude, longitude):
    """``lat,lon`` with at most 4 decimals and no trailing zeros, as NWS expects."""

    def fmt(value):
        return f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")

    return f"{fmt(latitude)},{fmt(longitude)}"


class NwsClient:
    def __init__(self, base_url=DEFAULT_BASE_URL, user_agent="", timeout=DEFAULT_TIMEOUT):
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.headers = {"User-Agent": user_agent, "Accept": "application/geo+json"}
        self.timeout = timeout

    def _get(self, url, **kwargs):
        response, _latency = call("GET", url, timeout=self.timeout, headers=self.headers, **kwargs)
        data = json_body(response)
        if not isinstance(data, dict):
            raise HttpCallError("unexpected answer (not a JSON object)", retryable=False, status=response.status_code)
        return data

    def grid(self, latitude, longitude):
        """The grid of a point: ``{"forecast_url", "office", "city", "state"}``.
        Raises :class:`HttpCallError` (status 404: the point is not covered by NWS)."""
        data = self._get(f"{self.base_url}/points/{point(latitude, longitude)}")
        props = data.get("properties") or {}
        forecast_url = props.get("forecast")
        # the forecast URL comes from the answer: only ever follow it to the same service
        if not isinstance(forecast_url, str) or not forecast_url.startswith(self.base_url + "/"):
            raise HttpCallError("the point has no forecast URL of this service", retryable=False)
        where = ((props.get("relativeLocation") or {}).get("properties")) or {}
        return {"forecast_url": forecast_url, "office": props.get("gridId"),
                "city": where.get("city"), "state": where.get("state")}

    def forecast(self, forecast_url):
        """The next forecast periods: ``[{"name", "temperature", "unit", "summary",
        "precipitation", "wind", "icon", "is_day"}]``."""
        data = self._get(forecast_url)
        periods = (data.get("properties") or {}).get("periods") or []
        return [{
            "name": period.get("name"),
            "temperature": period.get("temperature"),
            "unit": period.get("temperatureUnit"),
            "summary": period.get("shortForecast"),
            "precipitation": (period.get("probabilityOfPrecipitation") or {}).get("value"),
            "wind": period.get("windSpeed"),
            "icon": period.get("icon"),
            "is_day": period.get("isDaytime"),
        } for period in periods[:MAX_PERIODS] if isinstance(period, dict)]

    def alerts(self, latitude, longitude):
        """Active alerts at the point: ``[{"event", "severity", "headline", "ends"}]``."""
        data = self._get(f"{self.base_url}/alerts/active", params={"point": point(latitude, longitude)})
        features = data.get("features") or []
        alerts = []
        for feature in features[:MAX_ALERTS]:
            props = (feature or {}).get("properties") or {}
            alerts.append({"event": props.get("event"), "severity": props.get("severity"),
                           "headline": props.get("headline"), "ends": props.get("ends") or props.get("expires")})
        return alerts
