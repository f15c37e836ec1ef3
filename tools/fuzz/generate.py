"""Hypothesis strategy of one hostile HTTP request against a discovered route.

A request is a plain dict (JSON-able, so that a sample can be printed and replayed):
``route``, ``method``, ``path``, ``query``, ``headers``, ``body`` (latin-1 text of the
bytes), ``big`` (size of a generated body above the route's cap, 0 if none),
``framing`` (``length``, ``chunked``, ``chunked+length``, ``none``), ``session``
(``none``, a demo login, or ``forged``), ``csrf`` (``valid``, ``forged``, ``missing``)
and ``sign`` (for webhook channels: ``valid``, ``forged``, ``stale``, ``missing``).
Secrets, sessions and signatures are filled in when the request is sent (client.py).
"""

import urllib.parse

from hypothesis import strategies as st

from .values import BOUNDARY_NUMBERS, form_fields, json_bodies, texts

ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO"]
CONTENT_TYPES = [
    "application/json", "text/json", "application/vnd.api+json", "application/json; charset=latin-1",
    "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
    "text/plain", "application/xml", "application/octet-stream", ";;;=\x7f", "*/*", None,
]
AUTH_HEADERS = ["valid:health", "valid:callback", "Bearer forged", "Bearer ", "Basic YWRtaW46YWRtaW4=", "bearer  x",
                "Bearer " + "A" * 10_000, "Bearer \u00e9\u00e8", None, None, None]
PNG_1PX = ("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
           "\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
BIG_SIZES = [1, 4096, 65_536]


def _path_value(kind, name, fixtures):
    """A value for a ``<kind:name>`` path parameter: known ids of every role, or garbage."""
    ids = [*fixtures["own_stops"], *fixtures["other_stops"], *fixtures["processes"],
           *(c["id"] for c in fixtures["channels"])]
    numbers = st.sampled_from(ids or [1]).map(str)
    garbage = st.one_of(st.sampled_from([str(n) for n in BOUNDARY_NUMBERS] + ["1.5", "0x1", "abc", "1;2", "00001"]),
                        texts(huge=False))
    if kind == "string":
        types = [c["type"] for c in fixtures["channels"]]
        types = st.sampled_from(types or ["x"])
        return st.one_of(types, types.map(str.upper), texts(huge=False))
    return st.one_of(numbers, numbers, garbage)


@st.composite
def paths(draw, route, fixtures):
    path, values = route["url"], {}
    names = {name for _kind, name in route["params"]}
    if {"channel_type", "channel_id"} <= names and fixtures["channels"] and draw(st.integers(0, 3)):
        channel = draw(st.sampled_from(fixtures["channels"]))
        values = {"channel_type": channel["type"], "channel_id": str(channel["id"])}
    for kind, name in route["params"]:
        value = values.get(name) or draw(_path_value(kind, name, fixtures))
        values[name] = value
        start = path.index("<")
        path = path[:start] + urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="") + \
            path[path.index(">", start) + 1:]
    return path, values


def _multipart(draw, words, broken):
    boundary = "fuzzBoundary" + str(draw(st.integers(0, 9999)))
    parts = []
    for name, value in draw(form_fields(words)):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    for index in range(draw(st.integers(0, 8))):
        content = draw(st.sampled_from([PNG_1PX, "", "GIF89a", "%PDF-1.4\n", "\x00" * 100]))
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p{index}.png"\r\n'
                     f"Content-Type: image/png\r\n\r\n{content}\r\n")
    body = "".join(parts) + f"--{boundary}--\r\n"
    if broken:
        body = draw(st.sampled_from([body[: len(body) // 2], body.replace(boundary, "other"), "--" + boundary,
                                     body.replace("\r\n", "\n"), "garbage"]))
    ctype = f"multipart/form-data; boundary={boundary}"
    if broken:
        ctype = draw(st.sampled_from([ctype, "multipart/form-data", f'multipart/form-data; boundary="{boundary}"x']))
    return body, ctype


def _encode_text(value):
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


@st.composite
def bodies(draw, route, words, seeds):
    """``(body text, content type, big size)`` for a request to ``route``. A big body (above
    the route's cap) also carries a normal one, sent instead once the budget is spent."""
    kind = draw(st.sampled_from(["json", "json", "json", "form", "multipart", "broken_multipart", "empty", "big"]))
    if kind == "big":
        size = (route["cap"] or 1024 * 1024) + draw(st.sampled_from(BIG_SIZES))
        ctype = draw(st.sampled_from(["application/json", "application/x-www-form-urlencoded"]))
        return draw(json_bodies(words)).decode("latin-1"), ctype, size
    if kind == "json":
        ctype = draw(st.one_of(st.just("application/json"), st.just("application/json"),
                               st.sampled_from(CONTENT_TYPES)))
        return draw(json_bodies(words, seeds)).decode("latin-1"), ctype, 0
    if kind == "form":
        pairs = [(_encode_text(k), _encode_text(v)) for k, v in draw(form_fields(words))]
        return urllib.parse.urlencode(pairs, encoding="latin-1"), draw(st.sampled_from(CONTENT_TYPES)), 0
    if kind == "empty":
        return "", draw(st.sampled_from(CONTENT_TYPES)), 0
    body, ctype = _multipart(draw, words, broken=kind == "broken_multipart")
    return _encode_text(body), ctype, 0


def _query(draw, words):
    pairs = draw(st.lists(st.tuples(st.sampled_from([*words, "token", "date", "access_token"]),
                                    texts(huge=False)), max_size=4))
    return urllib.parse.urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs])


def _seeds(fixtures, route, values):
    """The addon's example documents; for a channel, those named after its type
    (``quo_event`` for ``/webhook/quo/...``) when there are some."""
    seeds = fixtures["seeds"].get(route["addon"], [])
    prefix = f"{values.get('channel_type')}_"
    return [s["document"] for s in seeds if s["name"].startswith(prefix)] or [s["document"] for s in seeds]


@st.composite
def requests_for(draw, route, fixtures, words):
    wrong_method = not draw(st.integers(0, 9))
    method = draw(st.sampled_from(ALL_METHODS if wrong_method else route["methods"]))
    path, values = draw(paths(route, fixtures))
    headers = []
    if method in ("GET", "HEAD", "OPTIONS", "TRACE", "DELETE") and draw(st.integers(0, 4)):
        body, ctype, big = "", None, 0
    else:
        body, ctype, big = draw(bodies(route, words, _seeds(fixtures, route, values)))
    if ctype:
        headers.append(["Content-Type", ctype])
    auth = draw(st.sampled_from(AUTH_HEADERS))
    if auth:
        headers.append(["Authorization", auth])
    if draw(st.booleans()):
        headers.append(["Accept", draw(st.sampled_from(["application/json", "text/html", "*/*", "\x00"]))])
    if route["auth"] == "user":
        session = draw(st.sampled_from(["driver1", "driver1", "driver1", "none", "portal", "driver2", "forged"]))
    else:
        session = draw(st.sampled_from(["none", "none", "none", "driver1", "forged"]))
    channel = any(name == "channel_id" for _kind, name in route["params"])
    return {
        "route": route["url"], "method": method, "path": path, "query": _query(draw, words),
        "headers": headers, "body": body, "big": big,
        "framing": draw(st.sampled_from(["length"] * 14 + ["chunked"] * 4 + ["chunked+length", "none"])),
        "session": session, "csrf": draw(st.sampled_from(["valid", "valid", "valid", "forged", "missing"])),
        "sign": draw(st.sampled_from(["valid", "valid", "valid", "forged", "stale", "missing"])) if channel else None,
        "params": values,
    }
