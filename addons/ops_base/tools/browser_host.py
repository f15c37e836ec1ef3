"""Host checks of the browser robot (plain Python): a secret is typed only into a page
of the host it belongs to."""

from urllib.parse import urlsplit


def parse_host(host):
    """``(hostname, port or None)`` of a "host[:port]" text, or None when it is not one."""
    try:
        parts = urlsplit(f"//{(host or '').strip()}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    return parts.hostname.lower(), port


def on_host(url, host):
    """Whether ``url`` is a page of ``host`` ("host[:port]"; without a port, the default
    port of the page's http(s) scheme)."""
    allowed = parse_host(host)
    try:
        parts = urlsplit(url or "")
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    if not allowed or parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    name, allowed_port = allowed
    return parts.hostname.lower() == name and port == (allowed_port or {"http": 80, "https": 443}[parts.scheme])


def host_of(url):
    """The "host[:port]" of an http(s) URL, or "" when it is not one."""
    try:
        parts = urlsplit(url or "")
        return parts.netloc.rsplit("@", 1)[-1].lower() if parts.scheme in ("http", "https") else ""
    except ValueError:
        return ""
