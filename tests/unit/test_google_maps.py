"""The Google Maps client layer against a real HTTP server playing Google (``fake_http``)."""

import functools
import itertools
import logging
import pickle
import traceback

import pytest
import requests

from odoo.addons.logistics_delivery.tools import google_maps as gm
from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.ops_base.tools.http import MAX_RETRY_AFTER, HttpCallError

KEY = "AIzaSyFAKE-test-key-0123456789"
ROUTES_PATH = "/distanceMatrix/v2:computeRouteMatrix"
LEGACY_PATH = "/maps/api/distancematrix/json"
GEOCODE_PATH = "/maps/api/geocode/json"
SAO_PAULO, CAMPINAS, SANTOS = (-23.5505, -46.6333), (-22.9056, -47.0608), (-23.9608, -46.3336)
FAST = 0.2  # client timeout (s) for the slow-provider cases; they answer after 0.6 s


def routes(server, origins=(SAO_PAULO,), destinations=(CAMPINAS,), **kwargs):
    return gm.compute_route_matrix(KEY, origins, destinations, url=server.url + ROUTES_PATH, **kwargs)


def legacy(server, origins=(SAO_PAULO,), destinations=(CAMPINAS,), **kwargs):
    return gm.legacy_distance_matrix(KEY, origins, destinations, base_url=server.url, **kwargs)


def expect_error(code, call, *args, **kwargs):
    """Run ``call``, check the GoogleMapsError code, and that the key shows nowhere in
    the error: neither its message nor the traceback a logger would print."""
    with pytest.raises(gm.GoogleMapsError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, str(info.value)
    assert KEY not in str(info.value)
    assert KEY not in "".join(traceback.format_exception(info.value))
    return info.value


class TimeoutRecordingSession(requests.Session):
    """A real requests session that notes the timeout of every request it sends."""

    def __init__(self):
        super().__init__()
        self.timeouts = []

    def request(self, *args, **kwargs):
        self.timeouts.append(kwargs.get("timeout"))
        return super().request(*args, **kwargs)


def element(o, d, meters, seconds):
    return {"originIndex": o, "destinationIndex": d, "status": {}, "distanceMeters": meters,
            "duration": f"{seconds}s", "condition": "ROUTE_EXISTS"}


# -- Routes API v2 ---------------------------------------------------------------------


def test_routes_success_element_statuses_and_request_format(fake_http):
    answer = [element(1, 0, 72000, 3600), element(0, 1, 98000, 4500), element(1, 1, 140500, 6000)]
    answer.append({"destinationIndex": 0, "status": {}, "distanceMeters": 95800, "duration": "4210.6s",
                   "condition": "ROUTE_EXISTS"})  # proto3 JSON leaves originIndex 0 out
    fake_http.add("POST", ROUTES_PATH, Reply(json=answer))
    result = routes(fake_http, [SAO_PAULO, SANTOS], [CAMPINAS, (-22.9068, -43.1729)])
    assert [(e.origin_index, e.destination_index, e.distance_m, e.duration_s, e.status) for e in result] == [
        (0, 0, 95800, 4211, "OK"), (0, 1, 98000, 4500, "OK"), (1, 0, 72000, 3600, "OK"), (1, 1, 140500, 6000, "OK"),
    ]
    (sent,) = fake_http.received("POST", ROUTES_PATH)
    assert sent.header("X-Goog-Api-Key") == KEY
    assert sent.header("X-Goog-FieldMask") == "originIndex,destinationIndex,distanceMeters,duration,status,condition"
    assert sent.header("Content-Type") == "application/json"
    assert KEY not in sent.path and not sent.query

    def waypoint(lat, lng):
        return {"waypoint": {"location": {"latLng": {"latitude": lat, "longitude": lng}}}}

    assert sent.json() == {
        "origins": [waypoint(*SAO_PAULO), waypoint(*SANTOS)],
        "destinations": [waypoint(*CAMPINAS), waypoint(-22.9068, -43.1729)],
        "travelMode": "DRIVE",
        "routingPreference": "TRAFFIC_UNAWARE",
    }

    fake_http.add("POST", ROUTES_PATH, Reply(json=[
        {"originIndex": 0, "destinationIndex": 0, "status": {"code": 5, "message": "Origin not found"}},
        {"originIndex": 0, "destinationIndex": 1, "status": {}, "condition": "ROUTE_NOT_FOUND"},
        {"originIndex": 0, "destinationIndex": 2, "status": {"code": 3, "message": "bad waypoint"}},
        # (0, 3) left out of the answer
    ]))
    with requests.Session() as session:
        session.headers["X-Probe"] = "yes"
        result = routes(fake_http, destinations=[CAMPINAS, SANTOS, CAMPINAS, SANTOS], session=session)
    assert [(e.status, e.distance_m, e.duration_s) for e in result] == [
        ("NOT_FOUND", None, None), ("ZERO_RESULTS", None, None), ("INVALID_ARGUMENT", None, None),
        ("NOT_FOUND", None, None),
    ]
    assert fake_http.received()[-1].header("X-Probe") == "yes"


ROUTES_FAILURES = [
    (Reply(status=429, json={"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota"}}), "quota"),
    (Reply(status=403, json={"error": {"code": 403, "status": "RESOURCE_EXHAUSTED"}}), "quota"),
    (Reply(status=403, json={"error": {"code": 403, "status": "PERMISSION_DENIED"}}), "denied"),
    (Reply(status=400, json={"error": {"code": 400, "status": "INVALID_ARGUMENT"}}), "invalid"),
    (Reply(status=404, body=b"Not Found"), "not_found"),
    (Reply(status=500, json={"error": {"code": 500, "status": "INTERNAL"}}), "server_error"),
    (Reply(status=503, body=b"<html>unavailable</html>"), "server_error"),
    # an error streamed inside the array
    (Reply(json=[element(0, 0, 1, 1), {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}]), "quota"),
    (Reply(body=b"not json"), "bad_response"),
    (Reply(json={"unexpected": True}), "bad_response"),
    (Reply(json=[{"originIndex": 7, "destinationIndex": 0}]), "bad_response"),
    (Reply(json=[{"status": {}, "condition": "ROUTE_EXISTS", "distanceMeters": "far"}]), "bad_response"),
]


def test_routes_failures(fake_http):
    # one server for all cases: each fake_http costs ~0.5 s to stop
    for reply, code in ROUTES_FAILURES:
        fake_http.add("POST", ROUTES_PATH, reply)
        expect_error(code, routes, fake_http)
    fake_http.add("POST", ROUTES_PATH, Reply(status=400, json={"error": {
        "code": 400, "status": "INVALID_ARGUMENT", "message": f"API key {KEY} not valid"}}))
    assert "API key *** not valid" in str(expect_error("invalid", routes, fake_http))
    fake_http.add("POST", ROUTES_PATH, Reply(json=[], delay=0.6))
    session = TimeoutRecordingSession()
    assert f"within {FAST} s" in str(expect_error("timeout", routes, fake_http, timeout=FAST, session=session))
    assert session.timeouts == [FAST], "the caller's timeout is the one requests applied"
    fake_http.add("POST", ROUTES_PATH, Reply(close=True))
    expect_error("network", routes, fake_http)
    fake_http.reset()
    with pytest.raises(ValueError, match="625"):
        routes(fake_http, [SAO_PAULO] * 26, [CAMPINAS] * 25)
    assert routes(fake_http, [], [CAMPINAS]) == []
    with pytest.raises(ValueError, match="out of range"):
        routes(fake_http, [(91.0, 0.0)])
    expect_error("denied", gm.compute_route_matrix, "", [SAO_PAULO], [CAMPINAS], url=fake_http.url)
    assert fake_http.count() == 0


def test_routes_errors_follow_the_suite_classification(fake_http):
    """One classification for the suite: 408, 429 and 5xx (and no answer) are retryable,
    with the provider's Retry-After (capped); other 4xx and unreadable answers are not."""
    quota = {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota"}}
    cases = [
        (Reply(status=429, json=quota, headers={"Retry-After": "9"}), "quota", 429, True, 9),
        (Reply(status=408), "timeout", 408, True, None),
        (Reply(status=503, headers={"Retry-After": "86400"}), "server_error", 503, True, MAX_RETRY_AFTER),
        (Reply(status=403, json={"error": {"code": 403, "status": "PERMISSION_DENIED"}}), "denied", 403, False, None),
        (Reply(status=400, headers={"Retry-After": "5"}), "invalid", 400, False, None),
        (Reply(body=b"not json"), "bad_response", None, False, None),
        (Reply(close=True), "network", None, True, None),
    ]
    for reply, code, status, retryable, retry_after in cases:
        fake_http.add("POST", ROUTES_PATH, reply)
        error = expect_error(code, routes, fake_http)
        assert isinstance(error, HttpCallError)
        assert (error.status, error.retryable, error.retry_after) == (status, retryable, retry_after), code


# -- legacy Distance Matrix --------------------------------------------------------------


def legacy_answer(*elements, status="OK"):
    return {"status": status, "origin_addresses": [], "destination_addresses": [], "rows": [{"elements": [
        {"status": "OK", "distance": {"value": e[0], "text": ""}, "duration": {"value": e[1], "text": ""}}
        if isinstance(e, tuple) else {"status": e} for e in elements]}]}


def test_legacy_success_element_statuses_and_key_handling(fake_http, caplog):
    fake_http.add("GET", LEGACY_PATH, Reply(json=legacy_answer((95800, 4211), "ZERO_RESULTS", "NOT_FOUND")))
    with caplog.at_level(logging.DEBUG):
        result = legacy(fake_http, destinations=[CAMPINAS, SANTOS, (-22.9068, -43.1729)])
    assert [(e.origin_index, e.destination_index, e.distance_m, e.duration_s, e.status) for e in result] == [
        (0, 0, 95800, 4211, "OK"), (0, 1, None, None, "ZERO_RESULTS"), (0, 2, None, None, "NOT_FOUND"),
    ]
    (sent,) = fake_http.received("GET", LEGACY_PATH)
    assert sent.query == {"origins": "-23.5505,-46.6333", "destinations": "-22.9056,-47.0608|-23.9608,-46.3336|"
                          "-22.9068,-43.1729", "mode": "driving", "units": "metric", "key": KEY}
    # urllib3 logs the request line, key included, at DEBUG level: it is redacted
    assert LEGACY_PATH in caplog.text
    assert KEY not in caplog.text
    assert "key=***" in caplog.text
    # googlemaps itself refuses keys not starting with "AIza"; Google judges keys, fakes use others
    fake_http.add("GET", LEGACY_PATH, Reply(json=legacy_answer((5, 6))))
    assert gm.legacy_distance_matrix("test-key-123", [SAO_PAULO], [CAMPINAS], base_url=fake_http.url)[0].distance_m == 5
    assert fake_http.received()[-1].query["key"] == "test-key-123"


LEGACY_STATUSES = [
    ("OVER_QUERY_LIMIT", "quota"), ("OVER_DAILY_LIMIT", "quota"), ("REQUEST_DENIED", "denied"),
    ("INVALID_REQUEST", "invalid"), ("MAX_ELEMENTS_EXCEEDED", "invalid"), ("UNKNOWN_ERROR", "server_error"),
]
LEGACY_HTTP_FAILURES = [
    (Reply(status=403, body=b"Forbidden"), "denied"),
    (Reply(status=502, body=b"Bad gateway"), "server_error"),
    (Reply(body=b"<html>not json</html>"), "bad_response"),
    (Reply(json={"status": "OK", "rows": []}), "bad_response"),
    (Reply(status=500, body=b"boom"), "server_error"),  # retried for at most min(timeout, 2 s)
    (Reply(json=legacy_answer((1, 1)), delay=0.6), "timeout"),
    (Reply(close=True), "network"),
]


def test_legacy_errors_follow_the_suite_classification(fake_http):
    cases = [
        (Reply(status=429, body=b"slow down"), "quota", True),
        (Reply(status=403, body=b"Forbidden"), "denied", False),
        (Reply(json={"status": "OVER_QUERY_LIMIT"}), "quota", True),
        (Reply(json={"status": "REQUEST_DENIED"}), "denied", False),
        (Reply(json={"status": "UNKNOWN_ERROR"}), "server_error", True),
        (Reply(body=b"<html>not json</html>"), "bad_response", False),
    ]
    for reply, code, retryable in cases:
        fake_http.add("GET", LEGACY_PATH, reply)
        error = expect_error(code, legacy, fake_http)
        assert isinstance(error, HttpCallError)
        assert error.retryable is retryable, code


def test_legacy_failures(fake_http):
    for status, code in LEGACY_STATUSES:
        fake_http.reset()
        fake_http.add("GET", LEGACY_PATH, Reply(json={"status": status, "error_message": f"nope, key={KEY}"}))
        assert status in str(expect_error(code, legacy, fake_http))
        assert fake_http.count() == 1, "not retried: the caller decides when to come back"
    for reply, code in LEGACY_HTTP_FAILURES:
        fake_http.add("GET", LEGACY_PATH, reply)
        expect_error(code, legacy, fake_http, timeout=FAST)
    fake_http.reset()
    for origins, destinations in [(26, 1), (1, 26), (11, 10)]:
        with pytest.raises(ValueError):
            legacy(fake_http, [SAO_PAULO] * origins, [CAMPINAS] * destinations)
    assert fake_http.count() == 0


# -- Geocoding ---------------------------------------------------------------------------


def test_geocode(fake_http):
    fake_http.add("GET", GEOCODE_PATH, Reply(json={"status": "OK", "results": [
        {"geometry": {"location": {"lat": -23.5614, "lng": -46.6559}}, "formatted_address": "Av. Paulista"}]}))
    address = "Avenida Paulista, 1578, São Paulo"
    assert gm.geocode(KEY, address, base_url=fake_http.url, region="br") == (-23.5614, -46.6559)
    assert fake_http.received()[0].query == {"address": address, "region": "br", "key": KEY}
    fake_http.add("GET", GEOCODE_PATH, Reply(json={"status": "ZERO_RESULTS", "results": []}))
    assert gm.geocode(KEY, "Rua Inexistente 999", base_url=fake_http.url) is None
    fake_http.add("GET", GEOCODE_PATH, Reply(json={"status": "REQUEST_DENIED", "error_message": "bad key"}))
    expect_error("denied", gm.geocode, KEY, "Avenida Paulista", base_url=fake_http.url)
    fake_http.add("GET", GEOCODE_PATH, Reply(json={"status": "OK", "results": [{"geometry": {}}]}))
    expect_error("bad_response", gm.geocode, KEY, "Avenida Paulista", base_url=fake_http.url)
    fake_http.add("GET", GEOCODE_PATH, Reply(json={}, delay=0.6))
    expect_error("timeout", gm.geocode, KEY, "Avenida Paulista", base_url=fake_http.url, timeout=FAST)
    with pytest.raises(ValueError):
        gm.geocode(KEY, "  ", base_url=fake_http.url)


def test_error_contract():
    error = pickle.loads(pickle.dumps(gm.GoogleMapsError("quota", "Over quota.")))  # noqa: S301 - our own bytes
    assert (error.code, str(error), error.retryable) == ("quota", "Over quota.", True)
    error = gm.GoogleMapsError("server_error", "HTTP 503", status=503, retry_after=12.0)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (copy.code, copy.message, copy.status, copy.retryable, copy.retry_after) == (
        "server_error", "HTTP 503", 503, True, 12.0)
    assert not gm.GoogleMapsError("denied", "No key.").retryable
    with pytest.raises(ValueError):
        gm.GoogleMapsError("whatever", "unknown codes are a bug")


# -- batching ------------------------------------------------------------------------------

LEGACY_LIMITS = {"max_elements": 100, "max_origins": 25, "max_destinations": 25}


def check_plan(n_origins, n_destinations, max_elements, max_origins=None, max_destinations=None):
    """The plan covers every pair exactly once and each batch respects the limits."""
    batches = gm.plan_matrix_batches(n_origins, n_destinations, max_elements=max_elements,
                                     max_origins=max_origins, max_destinations=max_destinations)
    pairs = [pair for origins, dests in batches for pair in itertools.product(origins, dests)]
    assert sorted(pairs) == list(itertools.product(range(n_origins), range(n_destinations)))
    for origins, dests in batches:
        assert len(origins) * len(dests) <= max_elements
        assert max_origins is None or len(origins) <= max_origins
        assert max_destinations is None or len(dests) <= max_destinations
    return batches


@pytest.mark.parametrize(("shape", "limits", "count"), [
    ((1, 300), {"max_elements": 625}, 1),
    ((1, 300), LEGACY_LIMITS, 12),
    ((30, 30), {"max_elements": 625}, 2),
    ((1, 1), LEGACY_LIMITS, 1),
    ((25, 4), LEGACY_LIMITS, 1),
    ((9, 111), LEGACY_LIMITS, 10),  # needs mixed cuts: 9 x 11 + 4 x 25 blocks...
    ((100, 100), {"max_elements": 625}, 16),
    ((1, 5000), {"max_elements": 625}, 8),
])
def test_plan_examples(shape, limits, count):
    assert len(check_plan(*shape, **limits)) == count


def test_plan_empty_and_invalid():
    assert gm.plan_matrix_batches(0, 10, max_elements=625) == []
    assert gm.plan_matrix_batches(3, 0, max_elements=625) == []
    for kwargs in ({"max_elements": 0}, {"max_elements": 10, "max_origins": 0}):
        with pytest.raises(ValueError):
            gm.plan_matrix_batches(2, 2, **kwargs)
    with pytest.raises(ValueError):
        gm.plan_matrix_batches(-1, 2, max_elements=10)


def guillotine_optimum(max_elements, max_origins, max_destinations):
    """Fewest batches by brute force over every guillotine cut (no shortcut), to check
    the planner's early stop."""

    @functools.cache
    def best(rows, cols):
        if rows <= (max_origins or rows) and cols <= (max_destinations or cols) and rows * cols <= max_elements:
            return 1
        cuts = [best(k, cols) + best(rows - k, cols) for k in range(1, rows)]
        return min(cuts + [best(rows, k) + best(rows, cols - k) for k in range(1, cols)])

    return best


@pytest.mark.parametrize("limits", [(1, None, None), (4, 3, None), (6, None, 2), (10, 4, 4), (12, None, None)])
def test_plan_exhaustive_coverage_and_minimal_count(limits):
    optimum = guillotine_optimum(*limits)
    for n_origins, n_destinations in itertools.product(range(1, 13), repeat=2):
        batches = check_plan(n_origins, n_destinations, *limits)
        assert len(batches) == optimum(n_origins, n_destinations), (n_origins, n_destinations)
        assert len(batches) >= -(-n_origins * n_destinations // limits[0])
