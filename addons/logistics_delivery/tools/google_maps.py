"""Google Maps clients for delivery pricing and scheduling: road distances and geocoding.

Plain Python (no ORM), so models and jobs share it and tests drive it against a fake
HTTP server. Distances come from the Routes API v2 ``computeRouteMatrix`` (called through
the suite's HTTP helper, :func:`odoo.addons.ops_base.tools.http.call`: the ``googlemaps``
package does not cover it) or from the legacy Distance Matrix API; addresses are geocoded
with the Geocoding API (both through ``googlemaps``' own client, with our timeout and a
short bound on its own retries of 5xx answers).

Failures are :class:`GoogleMapsError`, an :class:`~odoo.addons.ops_base.tools.http.HttpCallError`
classified like every other call of the suite (``retryable``, ``status``, ``retry_after``)
plus a Google-specific ``code`` for callers' messages.

Credentials are arguments, never read from configuration. Every call has a timeout. The
API key is never logged nor put in an exception: the legacy APIs carry it in the URL,
which ``requests`` exceptions and urllib3 debug logs quote, so their text is never passed
on, errors are raised ``from None``, and urllib3's log records are redacted.
"""

import itertools
import logging
import re
from dataclasses import dataclass

import googlemaps
import requests
from googlemaps import exceptions as gm_exceptions
from urllib3.exceptions import ReadTimeoutError

from odoo.addons.ops_base.tools import http
from odoo.addons.ops_base.tools.http import HttpCallError

ROUTES_MATRIX_URL = "https://routes.googleapis.com/distanceMatrix/v2:computeRouteMatrix"
ROUTES_FIELD_MASK = "originIndex,destinationIndex,distanceMeters,duration,status,condition"
LEGACY_BASE_URL = "https://maps.googleapis.com"
ROUTES_MAX_ELEMENTS = 625  # TRAFFIC_UNAWARE, lat/lng waypoints
LEGACY_MAX_ORIGINS = 25
LEGACY_MAX_DESTINATIONS = 25
LEGACY_MAX_ELEMENTS = 100
LEGACY_RETRY_SECONDS = 2.0  # at most this long retrying 5xx answers of the legacy APIs

# google.rpc.Code names, indexed by their number (Routes API element statuses).
_RPC_CODES = (
    "OK CANCELLED UNKNOWN INVALID_ARGUMENT DEADLINE_EXCEEDED NOT_FOUND ALREADY_EXISTS PERMISSION_DENIED "
    "RESOURCE_EXHAUSTED FAILED_PRECONDITION ABORTED OUT_OF_RANGE UNIMPLEMENTED INTERNAL UNAVAILABLE DATA_LOSS "
    "UNAUTHENTICATED"
).split()
# Top-level statuses of the legacy web services -> GoogleMapsError codes.
_LEGACY_STATUS_CODES = {
    "OVER_QUERY_LIMIT": "quota", "OVER_DAILY_LIMIT": "quota", "REQUEST_DENIED": "denied",
    "INVALID_REQUEST": "invalid", "MAX_ELEMENTS_EXCEEDED": "invalid", "MAX_DIMENSIONS_EXCEEDED": "invalid",
    "NOT_FOUND": "not_found", "UNKNOWN_ERROR": "server_error",
}
_URL_KEY = re.compile(r"([?&]key=)[^&\s\"']+")
_ANY_STATUS = range(100, 600)  # Routes API errors are read from the body, then classified


class _RedactKeyFilter(logging.Filter):
    """Masks ``key=`` query parameters: urllib3 logs request URLs at DEBUG level, and the
    legacy APIs put the key there."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: the handler reports it
            return True
        if "key=" in message:
            record.msg, record.args = _URL_KEY.sub(r"\1***", message), ()
        return True


_urllib3_logger = logging.getLogger("urllib3.connectionpool")
if not any(isinstance(f, _RedactKeyFilter) for f in _urllib3_logger.filters):
    _urllib3_logger.addFilter(_RedactKeyFilter())


class GoogleMapsError(HttpCallError):
    """A Google Maps call failed. ``code`` tells callers what went wrong in Google's terms
    (quota, key denied, fall back...); ``retryable``/``status``/``retry_after`` follow the
    suite's shared classification. ``str()`` is a short message without the API key."""

    CODES = frozenset((
        "timeout", "quota", "denied", "invalid", "not_found", "zero_results", "server_error", "network", "bad_response",
    ))
    # for failures without an HTTP status to classify (network, provider statuses)
    RETRYABLE_CODES = frozenset(("timeout", "quota", "server_error", "network"))

    def __init__(self, code, message, *, retryable=None, status=None, retry_after=None):
        if code not in self.CODES:
            raise ValueError(f"unknown GoogleMapsError code: {code}")
        if retryable is None:
            retryable = code in self.RETRYABLE_CODES
        super().__init__(message, retryable=retryable, status=status, retry_after=retry_after)
        self.code = code

    def __reduce__(self):  # picklable (queue_job, multiprocessing) despite the keyword arguments
        return _restore_error, (type(self), self.code, self.message, self.retryable, self.status, self.retry_after)


def _restore_error(cls, code, message, retryable, status, retry_after):  # noqa: PLR0917 - pickle's call
    return cls(code, message, retryable=retryable, status=status, retry_after=retry_after)


@dataclass(frozen=True)
class MatrixElement:
    """One origin/destination pair of a distance matrix. ``distance_m`` and
    ``duration_s`` are set only when ``status`` is ``"OK"``."""

    origin_index: int
    destination_index: int
    distance_m: int | None
    duration_s: int | None
    status: str


def _scrub(text, api_key, limit=200):
    """A provider message made safe to show: key masked (the shared scrub), length bounded."""
    return http.scrub(text, (api_key,))[:limit]


def _code_for_http(status_code, provider_status=None):
    if status_code == 429 or provider_status == "RESOURCE_EXHAUSTED":
        return "quota"
    if status_code in (401, 403):
        return "denied"
    if status_code == 404:
        return "not_found"
    if status_code == 408:
        return "timeout"
    if status_code >= 500:
        return "server_error"
    return "invalid" if status_code >= 400 else "bad_response"


def _is_timeout(exc):
    # requests reports a read timeout met while reading the body as a ConnectionError.
    return isinstance(exc, requests.Timeout) or any(isinstance(a, ReadTimeoutError) for a in getattr(exc, "args", ()))


def _require_key(api_key):
    if not api_key:  # Google would deny it; spare the round trip
        raise GoogleMapsError("denied", "No Google Maps API key is set.")


def _points(points):
    """Validated ``[(lat, lng), ...]`` floats; ValueError on a bad point."""
    result = []
    for point in points:
        lat, lng = (float(value) for value in point)
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0):
            raise ValueError(f"coordinates out of range: {lat}, {lng}")
        result.append((lat, lng))
    return result


def _waypoint(point):
    return {"waypoint": {"location": {"latLng": {"latitude": point[0], "longitude": point[1]}}}}


def _routes_error(payload):
    """The ``error`` object of a Routes API answer, if any: a plain ``{"error": ...}``
    or, as the method streams, an array item carrying one."""
    items = payload if isinstance(payload, list) else [payload]
    errors = (item["error"] for item in items if isinstance(item, dict) and isinstance(item.get("error"), dict))
    return next(errors, None)


def _routes_element(item):
    """``(origin, destination, distance_m, duration_s, status)`` from a RouteMatrixElement."""
    # proto3 JSON may omit fields holding their default, such as index 0 or status OK.
    origin, destination = item.get("originIndex", 0), item.get("destinationIndex", 0)
    code = (item.get("status") or {}).get("code", 0)
    if code:
        name = _RPC_CODES[code] if 0 <= code < len(_RPC_CODES) else f"CODE_{code}"
        return origin, destination, None, None, name
    condition = item.get("condition")
    if condition == "ROUTE_EXISTS" or (condition is None and "distanceMeters" in item):
        duration = str(item.get("duration", "0s"))
        seconds = round(float(duration[:-1] if duration.endswith("s") else duration))
        return origin, destination, int(item.get("distanceMeters", 0)), seconds, "OK"
    return origin, destination, None, None, "ZERO_RESULTS"  # ROUTE_NOT_FOUND: no road route


def _full_matrix(n_origins, n_destinations, found):
    """Row-major elements for every pair; pairs the provider left out are NOT_FOUND."""
    pairs = ((o, d) for o in range(n_origins) for d in range(n_destinations))
    return [found.get(pair) or MatrixElement(*pair, None, None, "NOT_FOUND") for pair in pairs]


def compute_route_matrix(api_key, origins, destinations, *, url=ROUTES_MATRIX_URL, timeout=10.0, session=None):
    """Driving distances and durations (no traffic) for every origin x destination pair
    with the Routes API v2; ``origins``/``destinations`` are ``(lat, lng)`` sequences.

    Returns row-major :class:`MatrixElement`s (``origin * len(destinations) + dest``).
    Raises ValueError beyond ROUTES_MAX_ELEMENTS (see :func:`plan_matrix_batches`) and
    :class:`GoogleMapsError` when the whole request fails.
    """
    _require_key(api_key)
    origins, destinations = _points(origins), _points(destinations)
    if len(origins) * len(destinations) > ROUTES_MAX_ELEMENTS:
        raise ValueError(f"a route matrix holds at most {ROUTES_MAX_ELEMENTS} elements")
    if not origins or not destinations:
        return []
    body = {"origins": [_waypoint(p) for p in origins], "destinations": [_waypoint(p) for p in destinations],
            "travelMode": "DRIVE", "routingPreference": "TRAFFIC_UNAWARE"}
    headers = {"X-Goog-Api-Key": api_key, "X-Goog-FieldMask": ROUTES_FIELD_MASK}
    try:
        response, _latency = http.call("POST", url, timeout=timeout, secrets=(api_key,), session=session,
                                       ok_statuses=_ANY_STATUS, json=body, headers=headers)
    except HttpCallError as exc:  # no answer: the shared helper says which
        code = "timeout" if exc.message.startswith("no answer") else "network"
        raise GoogleMapsError(code, f"Google Routes API: {exc.message}", retryable=exc.retryable) from None
    try:
        payload = response.json()
    except ValueError:
        payload = None
    error = _routes_error(payload)
    if response.status_code != 200 or error:
        raise _routes_failure(response, error or {}, api_key)
    if not isinstance(payload, list):
        raise GoogleMapsError("bad_response", "Unreadable answer from the Google Routes API.")
    found = {}
    try:
        for item in payload:
            o, d, distance, duration, status = _routes_element(item)
            if not (0 <= o < len(origins) and 0 <= d < len(destinations)):
                raise IndexError(o, d)
            found[o, d] = MatrixElement(o, d, distance, duration, status)
    except (AttributeError, IndexError, TypeError, ValueError):
        raise GoogleMapsError("bad_response", "Unreadable element in the Google Routes API answer.") from None
    return _full_matrix(len(origins), len(destinations), found)


def _routes_failure(response, error, api_key):
    """The GoogleMapsError of a Routes API answer carrying ``error`` (``{}`` if none)."""
    status = error.get("status") if isinstance(error.get("status"), str) else None
    http_status, retry_after = response.status_code, None
    if http_status == 200:  # an error inside the streamed array: its code is an HTTP one
        http_status = error.get("code") if isinstance(error.get("code"), int) else 500
    else:
        retry_after = http.error_from_response(response, (api_key,)).retry_after
    message = f"Google Routes API error: HTTP {http_status}" + (f" {status}" if status else "")
    if error.get("message"):
        message += f": {_scrub(error['message'], api_key)}"
    return GoogleMapsError(_code_for_http(http_status, status), message, status=http_status,
                           retryable=http.is_retryable_status(http_status), retry_after=retry_after)


def _legacy_call(api_key, base_url, timeout, call):
    """``call(client)`` on a one-off ``googlemaps.Client``, failures as GoogleMapsError."""
    statuses = []  # HTTP statuses seen: tells retried 5xx answers from a real timeout
    session = requests.Session()
    session.hooks["response"].append(lambda response, **kwargs: statuses.append(response.status_code))
    # retry_timeout bounds googlemaps' retries of 500/503/504 (a user may be waiting);
    # over-quota answers are not retried: the caller decides when to come back.
    client = googlemaps.Client(
        key="AIza-placeholder", base_url=base_url.rstrip("/"), timeout=timeout,
        retry_timeout=min(timeout, LEGACY_RETRY_SECONDS), retry_over_query_limit=False, requests_session=session,
    )
    # googlemaps refuses keys not starting with "AIza"; Google is the judge of keys (it
    # answers REQUEST_DENIED), and test keys need not look real.
    client.key = api_key
    try:
        return call(client)
    except gm_exceptions.Timeout:
        if statuses and statuses[-1] >= 500:
            raise GoogleMapsError("server_error", f"Google Maps answered HTTP {statuses[-1]}.",
                                  status=statuses[-1], retryable=http.is_retryable_status(statuses[-1])) from None
        raise GoogleMapsError("timeout", f"Google Maps did not answer within {timeout} s.") from None
    except gm_exceptions.HTTPError as exc:
        code = _code_for_http(exc.status_code)
        raise GoogleMapsError(code, f"Google Maps answered HTTP {exc.status_code}.", status=exc.status_code,
                              retryable=http.is_retryable_status(exc.status_code)) from None
    except gm_exceptions.TransportError as exc:  # its str() quotes the URL, key included
        if _is_timeout(exc.base_exception):
            raise GoogleMapsError("timeout", f"Google Maps did not answer within {timeout} s.") from None
        raise GoogleMapsError("network", "Could not reach Google Maps.") from None
    except gm_exceptions.ApiError as exc:
        message = f"Google Maps error {_scrub(exc.status, api_key, 40)}"
        if exc.message:
            message += f": {_scrub(exc.message, api_key)}"
        raise GoogleMapsError(_LEGACY_STATUS_CODES.get(exc.status, "bad_response"), message) from None
    except (ValueError, KeyError, TypeError):  # not JSON, or JSON without "status"
        raise GoogleMapsError("bad_response", "Unreadable answer from Google Maps.") from None
    finally:
        session.close()


def legacy_distance_matrix(api_key, origins, destinations, *, base_url=LEGACY_BASE_URL, timeout=10.0):
    """Driving distances and durations for every origin x destination pair with the
    legacy Distance Matrix API; same arguments and result as :func:`compute_route_matrix`.

    Raises ValueError beyond 25 origins, 25 destinations or 100 elements.
    """
    _require_key(api_key)
    origins, destinations = _points(origins), _points(destinations)
    if len(origins) > LEGACY_MAX_ORIGINS or len(destinations) > LEGACY_MAX_DESTINATIONS:
        raise ValueError(f"at most {LEGACY_MAX_ORIGINS} origins and {LEGACY_MAX_DESTINATIONS} destinations")
    if len(origins) * len(destinations) > LEGACY_MAX_ELEMENTS:
        raise ValueError(f"a distance matrix holds at most {LEGACY_MAX_ELEMENTS} elements")
    if not origins or not destinations:
        return []
    body = _legacy_call(
        api_key, base_url, timeout,
        lambda client: client.distance_matrix(origins, destinations, mode="driving", units="metric"))
    found = {}
    try:
        rows = body.get("rows") or []
        if body.get("status") == "ZERO_RESULTS" and not rows:
            rows = [{"elements": [{"status": "ZERO_RESULTS"}] * len(destinations)}] * len(origins)
        if len(rows) != len(origins) or any(len(row["elements"]) != len(destinations) for row in rows):
            raise ValueError("matrix shape")
        for o, row in enumerate(rows):
            for d, element in enumerate(row["elements"]):
                status = str(element["status"])
                if status == "OK":
                    distance, duration = int(element["distance"]["value"]), int(element["duration"]["value"])
                else:
                    distance = duration = None
                found[o, d] = MatrixElement(o, d, distance, duration, status)
    except (AttributeError, KeyError, TypeError, ValueError):
        raise GoogleMapsError("bad_response", "Unreadable answer from the Distance Matrix API.") from None
    return _full_matrix(len(origins), len(destinations), found)


def geocode(api_key, address, *, base_url=LEGACY_BASE_URL, timeout=10.0, region=None):
    """``(lat, lng)`` of the best Geocoding API match for ``address``, or None when
    Google finds nothing. ``region`` (a ccTLD such as ``"br"``) biases the search."""
    _require_key(api_key)
    if not (address or "").strip():
        raise ValueError("an address is required")
    results = _legacy_call(api_key, base_url, timeout, lambda client: client.geocode(address, region=region))
    if not results:
        return None
    try:
        location = results[0]["geometry"]["location"]
        return float(location["lat"]), float(location["lng"])
    except (KeyError, IndexError, TypeError, ValueError):
        raise GoogleMapsError("bad_response", "Unreadable answer from the Geocoding API.") from None


def plan_matrix_batches(n_origins, n_destinations, *, max_elements, max_origins=None, max_destinations=None):
    """Split an ``n_origins x n_destinations`` matrix into requests that respect the
    limits: ``[(origin index range, destination index range), ...]``, covering every
    pair exactly once, sorted by origin then destination.

    The count is the fewest that any guillotine layout (cutting blocks in two, again and
    again) reaches; for the usual shapes (1 x N, N x N) that is the true minimum.
    """
    limits = [limit for limit in (max_elements, max_origins, max_destinations) if limit is not None]
    if n_origins < 0 or n_destinations < 0 or min(limits) < 1:
        raise ValueError("sizes must be >= 0 and limits >= 1")
    if not n_origins or not n_destinations:
        return []
    max_o, max_d = min(max_origins or n_origins, n_origins), min(max_destinations or n_destinations, n_destinations)
    # cost[r][c]: fewest requests for an r x c block; cut[r][c]: its first cut
    # (> 0: after that many destinations, < 0: after that many origins, 0: one request).
    cost = [[0] * (n_destinations + 1) for _ in range(n_origins + 1)]
    cut = [[0] * (n_destinations + 1) for _ in range(n_origins + 1)]
    for r in range(1, n_origins + 1):
        for c in range(1, n_destinations + 1):
            if r <= max_o and c <= max_d and r * c <= max_elements:
                cost[r][c] = 1
                continue
            # No layout beats this bound (area; a row crosses ceil(c / max_d) requests...):
            # stopping at the first cut reaching it keeps the search fast.
            bound = max(-(-r * c // max_elements), -(-r // max_o), -(-c // max_d))
            best, best_cut = r * c + 1, 0
            candidates = itertools.chain(
                ((k, cost[r][k] + cost[r][c - k]) for k in range(c // 2, 0, -1)),
                ((-k, cost[k][c] + cost[r - k][c]) for k in range(r // 2, 0, -1)),
            )
            for k, total in candidates:
                if total < best:
                    best, best_cut = total, k
                    if best == bound:
                        break
            cost[r][c], cut[r][c] = best, best_cut
    batches, todo = [], [(0, 0, n_origins, n_destinations)]
    while todo:
        o, d, r, c = todo.pop()
        k = cut[r][c]
        if k > 0:
            todo += [(o, d, r, k), (o, d + k, r, c - k)]
        elif k < 0:
            todo += [(o, d, -k, c), (o - k, d, r + k, c)]
        else:
            batches.append((range(o, o + r), range(d, d + c)))
    return sorted(batches, key=lambda batch: (batch[0].start, batch[1].start))
