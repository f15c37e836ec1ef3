import logging
from dataclasses import dataclass

from odoo import api, models

from ..tools import google_maps
from ..tools.geo import haversine_km

_logger = logging.getLogger(__name__)

PARAM = "logistics_delivery."
DEFAULT_ROAD_FACTOR = 1.3


@dataclass(frozen=True)
class RoadDistance:
    km: float
    duration_s: int | None
    source: str  # "routes" | "legacy" | "haversine"
    error: str | None = None  # why the preferred source was not used, for the user


class LogisticsDistance(models.AbstractModel):
    """Road distances from one origin to many destinations.

    Google's Routes API ``computeRouteMatrix`` by default, the legacy Distance Matrix
    when chosen in Settings; without a key, or when Google fails for a request or an
    element, the haversine distance times the road factor. Quoting never waits on a
    Google outage longer than the configured timeout, and never fails because of one.
    """

    _name = "logistics.distance"
    _description = "Road distance service"

    @api.model
    def _settings(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        try:
            factor = float(get(PARAM + "road_factor") or DEFAULT_ROAD_FACTOR)
        except ValueError:
            factor = DEFAULT_ROAD_FACTOR
        return {
            "api_key": get(PARAM + "google_api_key") or "",
            "source": get(PARAM + "distance_source") or "routes",
            "road_factor": factor if factor > 0 else DEFAULT_ROAD_FACTOR,
            # endpoints are settings so that tests (and proxies) can point elsewhere
            "routes_url": get(PARAM + "routes_url") or google_maps.ROUTES_MATRIX_URL,
            "maps_base_url": get(PARAM + "maps_base_url") or google_maps.LEGACY_BASE_URL,
            "timeout": float(get(PARAM + "timeout") or 10.0),
        }

    @api.model
    def _road_distances(self, origin, destinations):
        """Distances from ``origin`` to each of ``destinations`` ((lat, lng) pairs).

        :return: list of :class:`RoadDistance`, in the order of ``destinations``.
        """
        settings = self._settings()
        unique = list(dict.fromkeys(destinations))
        found, error = {}, None
        if settings["api_key"] and settings["source"] in ("routes", "legacy"):
            found, error = self._google_distances(settings, origin, unique)
        results = {}
        for dest in unique:
            if dest in found:
                results[dest] = found[dest]
            else:
                km = haversine_km(*origin, *dest) * settings["road_factor"]
                results[dest] = RoadDistance(km, None, "haversine", error)
        return [results[dest] for dest in destinations]

    @api.model
    def _google_distances(self, settings, origin, destinations):
        """Ask Google in as few requests as its limits allow. Returns ({dest: RoadDistance},
        last error message); destinations missing from the dict fall back to haversine."""
        legacy = settings["source"] == "legacy"
        if legacy:
            batches = google_maps.plan_matrix_batches(
                1, len(destinations), max_elements=google_maps.LEGACY_MAX_ELEMENTS,
                max_origins=google_maps.LEGACY_MAX_ORIGINS, max_destinations=google_maps.LEGACY_MAX_DESTINATIONS)
        else:
            batches = google_maps.plan_matrix_batches(
                1, len(destinations), max_elements=google_maps.ROUTES_MAX_ELEMENTS)
        found, error = {}, None
        for _origins, dest_range in batches:
            chunk = [destinations[i] for i in dest_range]
            try:
                if legacy:
                    elements = google_maps.legacy_distance_matrix(
                        settings["api_key"], [origin], chunk,
                        base_url=settings["maps_base_url"], timeout=settings["timeout"])
                else:
                    elements = google_maps.compute_route_matrix(
                        settings["api_key"], [origin], chunk,
                        url=settings["routes_url"], timeout=settings["timeout"])
            except google_maps.GoogleMapsError as exc:
                _logger.warning("Google distance matrix failed (%s): %s; using straight-line distances", exc.code, exc)
                error = self.env._("Google could not compute the road distance (%(code)s)", code=exc.code)
                continue
            source = "legacy" if legacy else "routes"
            for element in elements:
                dest = chunk[element.destination_index]
                if element.status == "OK" and element.distance_m is not None:
                    found[dest] = RoadDistance(element.distance_m / 1000.0, element.duration_s, source)
                else:
                    error = self.env._("Google found no road route (%(status)s)", status=element.status)
        return found, error
