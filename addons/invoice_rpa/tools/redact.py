"""Scrub credentials out of text recorded on records or shown to users (plain Python).

Configured URLs may carry credentials (``https://user:pass@host/…``,
``…?token=…``); errors of HTTP clients, robots and storage often quote the URL they
called. Every error text stored on a record goes through :func:`scrub_urls`.
"""

import re

_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+")
_USERINFO = re.compile(r"^([^:]+://)[^/?#@]+@")
_QUERY_VALUE = re.compile(r"([?&][^=&#]+=)[^&#]*")
MASK = "***"


def _scrub_url(match):
    url = _USERINFO.sub(rf"\1{MASK}@", match.group(0))
    base, sep, rest = url.partition("?")
    if not sep:
        return url
    # every query value: any of them may be a token, and none is needed to read the error
    return base + _QUERY_VALUE.sub(rf"\1{MASK}", sep + rest)


def scrub_urls(text):
    """``text`` with the user:password of URLs and the values of their query parameters
    replaced by ``***``; None and "" are returned as they are."""
    if not text:
        return text
    return _URL.sub(_scrub_url, str(text))
