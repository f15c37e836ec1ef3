"""GET a URL supplied by someone else without letting it reach the inside (plain Python).

Protects against server-side request forgery (SSRF) when the suite downloads a URL that
a robot, a webhook or a user gave it:

* only ``http``/``https``; the host is resolved once and every address is vetted:
  loopback, private, link-local (169.254.0.0/16 — cloud metadata —, fe80::/10),
  shared (100.64.0.0/10), multicast, reserved and unspecified addresses are refused,
  IPv4 and IPv6 alike, including IPv4 embedded in IPv6 (``::ffff:127.0.0.1``, NAT64,
  6to4, Teredo);
* the connection goes to the vetted IP (no second DNS lookup, so DNS rebinding cannot
  swap the address), with the original ``Host`` header and TLS SNI / certificate name;
* redirects are followed by hand, each hop vetted again, at most ``max_redirects``;
  headers given by the caller (a token) are only sent to the URL's own origin;
* the body is streamed and refused at ``max_size + 1`` bytes; compressed transfer is
  refused (a gzip bomb would bypass the cap); the whole download is stopped after
  ``total_timeout`` seconds (a watchdog closes the socket, so a server dripping one byte
  at a time cannot hold the worker), each network wait after ``timeout`` seconds;
* an :class:`AllowList` of CIDRs and host names lets an administrator reach on-premise
  robots on private addresses.

:class:`FetchError` carries a ``code`` and a ``detail`` for the server log; callers show
users a generic text only. Refusal by policy and network failures share the retry
behaviour, so the answer cannot serve as a port scanner of the internal network.

urllib3 (pinned by Odoo) does the HTTP; ``requests`` is not used because it follows
redirects and proxies on its own and resolves the host again when connecting.
"""

import base64
import ipaddress
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, VerifiedHTTPSConnection

from .http import is_retryable_status

_logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
MAX_REDIRECTS = 5
_HOST_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_REDIRECTS = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052/8215)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class FetchError(Exception):
    """The URL was not fetched. ``code``: "bad_url", "refused" (address not allowed),
    "unreachable" (DNS, connection, timeout), "http_status", "too_many_redirects",
    "too_large", "too_slow", "bad_encoding". ``detail`` is for the server log only (it may
    name internal addresses); ``retryable`` says whether trying later can help."""

    def __init__(self, code, detail, retryable=False):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.retryable = retryable


@dataclass
class FetchResult:
    content: bytes
    url: str  # the final URL, after redirects
    status: int
    headers: dict = field(default_factory=dict)


class AllowList:
    """Addresses an administrator allows although they are not public.

    Entries (comma, space or newline separated): a CIDR or single IP (``10.0.5.0/24``,
    ``127.0.0.1``, ``fd00::/8``) allows those addresses for any host name; a host name
    (``robot.lan``) allows that host to resolve to private or loopback addresses — but
    not to link-local, multicast or unspecified ones, which only a CIDR entry allows.
    """

    def __init__(self, text=""):
        self.networks, self.hosts = [], set()
        for entry in str(text or "").replace(",", " ").split():
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                host = entry.lower().rstrip(".")
                if not _HOST_NAME.match(host):
                    raise ValueError(f"Invalid allow-list entry: {entry!r}") from None
                self.hosts.add(host)

    def __bool__(self):
        return bool(self.networks or self.hosts)

    def allows(self, host, address):
        if any(address in network for network in self.networks if network.version == address.version):
            return True
        return host.lower().rstrip(".") in self.hosts and (address.is_private or address.is_loopback) and not (
            address.is_link_local or address.is_multicast or address.is_unspecified)


def _embedded_ipv4(address):
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address):
    """True when ``address`` (ipaddress object) is a global unicast address: not
    loopback, private, link-local, shared, multicast, reserved nor unspecified — nor an
    IPv6 address wrapping such an IPv4 one."""
    inner = _embedded_ipv4(address)
    if inner is not None and not is_public_address(inner):
        return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified
        or address.is_loopback or address.is_link_local or address.is_private)


def _vetted_addresses(host, port, allow):
    """Resolve ``host`` once; return the addresses the policy allows, in resolver order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError("unreachable", f"cannot resolve {host}: {exc}", retryable=True) from exc
    allowed, refused = [], []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        good = is_public_address(address) or (allow is not None and allow.allows(host, address))
        target = allowed if good else refused
        if address not in target:
            target.append(address)
    if not allowed:
        # same retry behaviour as a network error: the answer must not tell them apart
        raise FetchError("refused", f"{host} resolves to non-public {', '.join(map(str, refused))}", retryable=True)
    return allowed


class _Watchdog:
    """Closes the sockets of a download when its total time is up, so that a blocked
    read returns at once (timeouts only bound each single network wait)."""

    def __init__(self, seconds):
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0), self._expire)
        self._timer.daemon = True

    def watch(self, sock):
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            self._shutdown(sock)

    def _expire(self):
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shutdown(sock)

    @staticmethod
    def _shutdown(sock):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError as exc:
            _logger.debug("socket already closed at the deadline: %s", exc)

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()


class _WatchedMixin:
    def __init__(self, *args, watchdog=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._watchdog = watchdog

    def connect(self):
        result = super().connect()
        self._watchdog.watch(self.sock)
        return result


class _WatchedHTTPConnection(_WatchedMixin, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedMixin, VerifiedHTTPSConnection):
    pass


def _pool(parts, address, timeout, watchdog):
    """A one-connection urllib3 pool to ``address`` that speaks for ``parts.hostname``."""
    port = parts.port or _DEFAULT_PORTS[parts.scheme]
    common = {"port": port, "timeout": timeout, "maxsize": 1, "retries": False, "watchdog": watchdog}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            str(address), server_hostname=parts.hostname, assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(), **common)
    else:
        pool = urllib3.HTTPConnectionPool(str(address), **common)
    pool.ConnectionCls = _WatchedHTTPSConnection if parts.scheme == "https" else _WatchedHTTPConnection
    return pool


def _parse(url):
    try:
        parts = urlsplit(str(url or "").strip())
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise FetchError("bad_url", f"invalid URL: {exc}") from exc
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or port == 0:
        raise FetchError("bad_url", "not an http(s) URL with a host")
    return parts


def _origin(parts):
    return parts.scheme, parts.hostname, parts.port or _DEFAULT_PORTS[parts.scheme]


def _request_headers(parts, first, extra):
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "Accept-Encoding": "identity", "User-Agent": "odoo-ops"}
    if _origin(parts) == _origin(first):
        # the caller's headers (a bearer token) and URL credentials stay on their origin
        headers.update(extra or {})
        if parts.username:
            credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    return headers


def _read_body(response, max_size):
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_size:
        raise FetchError("too_large", f"announced {declared} bytes, limit {max_size}")
    if response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        raise FetchError("bad_encoding", "compressed answer although identity was asked")
    content = bytearray()
    for chunk in response.stream(CHUNK, decode_content=False):
        content.extend(chunk)
        if len(content) > max_size:
            raise FetchError("too_large", f"more than {max_size} bytes")
    return bytes(content)


def _one_hop(parts, first, headers, *, timeout, allow, watchdog):
    """GET one URL (no redirect following); return the open urllib3 response."""
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    last_error = None
    for address in _vetted_addresses(parts.hostname, parts.port or _DEFAULT_PORTS[parts.scheme], allow):
        pool = _pool(parts, address, timeout, watchdog)
        try:
            response = pool.urlopen(
                "GET", path, headers=_request_headers(parts, first, headers), redirect=False,
                retries=False, preload_content=False, assert_same_host=False)
            response.pool_to_close = pool
            return response
        except urllib3.exceptions.HTTPError as exc:
            pool.close()
            last_error = exc
            if watchdog.expired:
                break
    raise FetchError("unreachable", f"{parts.hostname}: {type(last_error).__name__}: {last_error}", retryable=True)


def fetch(url, max_size, *, timeout=30, total_timeout=120, headers=None, allow=None, max_redirects=MAX_REDIRECTS):
    """GET ``url`` safely (see the module docstring); return a :class:`FetchResult`.

    ``allow``: an :class:`AllowList` (or None). Raises :class:`FetchError`. A non-2xx
    final answer is a FetchError "http_status" (retryable for 5xx/408/429); its body is
    never read.
    """
    first = parts = _parse(url)
    with _Watchdog(total_timeout) as watchdog:
        deadline = time.monotonic() + total_timeout
        try:
            for _hop in range(max_redirects + 1):
                wait = urllib3.Timeout(connect=timeout, read=max(min(timeout, deadline - time.monotonic()), 0.01))
                response = _one_hop(parts, first, headers, timeout=wait, allow=allow, watchdog=watchdog)
                try:
                    if response.status in _REDIRECTS and response.headers.get("Location"):
                        parts = _parse(urljoin(urlunsplit(parts), response.headers["Location"]))
                        continue
                    if not 200 <= response.status < 300:
                        raise FetchError("http_status", f"HTTP {response.status} from {parts.hostname}",
                                         retryable=is_retryable_status(response.status))
                    content = _read_body(response, max_size)
                    return FetchResult(content, urlunsplit(parts), response.status, dict(response.headers))
                finally:
                    response.close()
                    response.pool_to_close.close()  # one pool per hop: nothing is kept open
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if watchdog.expired:
                raise FetchError("too_slow", f"not finished within {total_timeout}s", retryable=True) from exc
            raise FetchError("unreachable", f"{parts.hostname}: {type(exc).__name__}", retryable=True) from exc
        except FetchError as exc:
            if watchdog.expired and exc.code == "unreachable":
                raise FetchError("too_slow", f"not finished within {total_timeout}s", retryable=True) from exc
            raise
    raise FetchError("too_many_redirects", f"more than {max_redirects} redirects")
