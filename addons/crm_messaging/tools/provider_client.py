"""Helpers shared by the providers' outbound clients (``tools/<provider>.py``). Plain
Python, no ORM. The HTTP call itself is ops_base's (``ops_base/tools/http.py``): one
timeout, retry classification and secret scrubbing for the whole suite."""

from odoo.addons.ops_base.tools.http import HttpCallError


def _base(base_url, default):
    base = (base_url or default or "").strip().rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise HttpCallError("the channel has no valid API base URL", retryable=False)
    return base


def _need(value, what):
    if not value:
        raise HttpCallError(f"{what} is not configured", retryable=False)
    return value


def _first_id(data, *keys):
    """The first non-empty id among ``keys`` of ``data`` (or of ``data["data"]``)."""
    for container in (data, data.get("data") if isinstance(data, dict) else None):
        if isinstance(container, dict):
            for key in keys:
                if container.get(key):
                    return str(container[key])
    return ""
