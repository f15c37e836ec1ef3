"""ops_base.tools.safe_fetch: SSRF-safe download, against local fake servers.

The fake servers listen on 127.0.0.1, which the fetcher refuses by itself: tests that
must reach them allow that address explicitly, as an administrator would for an
on-premise robot.
"""

import ipaddress
import tracemalloc

import pytest

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.ops_base.tools.safe_fetch import AllowList, FetchError, fetch, is_public_address

LOCAL = AllowList("127.0.0.1/32")


def refusal(url, **kwargs):
    kwargs.setdefault("max_size", 1024)
    kwargs.setdefault("timeout", 2)
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    return caught.value


def test_allowed_fetch(fake_http):
    fake_http.add("GET", "/f", Reply(body=b"%PDF-1.4 hello"))
    result = fetch(f"{fake_http.url}/f?sig=1", max_size=1024, allow=LOCAL, headers={"Authorization": "Bearer t"})
    assert result.content == b"%PDF-1.4 hello"
    [request] = fake_http.received("GET", "/f")
    assert request.query == {"sig": "1"}
    assert request.header("Host") == fake_http.url.removeprefix("http://")
    assert request.header("Authorization") == "Bearer t"
    assert request.header("Accept-Encoding") == "identity"


def test_loopback_refused_without_allow_list(fake_http):
    fake_http.add("GET", "/f", Reply(body=b"secret"))
    port = fake_http.url.rsplit(":", 1)[1]
    for url in (
        f"{fake_http.url}/f",
        f"http://localhost:{port}/f",
        f"http://2130706433:{port}/f",  # 127.0.0.1 as one decimal number
        f"http://[::ffff:127.0.0.1]:{port}/f",  # IPv4-mapped IPv6
        f"http://0.0.0.0:{port}/f",
    ):
        error = refusal(url)
        assert error.code == "refused", url
    assert fake_http.count() == 0
    # an allow-list for other addresses does not open loopback
    assert refusal(f"{fake_http.url}/f", allow=AllowList("10.0.0.0/8")).code == "refused"
    assert fake_http.count() == 0


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://10.1.2.3/",
    "http://192.168.0.10:8080/",
    "http://172.16.5.4/",
    "http://100.64.0.1/",
    "http://[fd00::1]/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
])
def test_internal_addresses_refused(url):
    error = refusal(url, timeout=0.5)
    assert error.code == "refused"
    # refusals and network failures are retried alike: no port-scan oracle
    assert error.retryable


def test_public_address_rules():
    assert is_public_address(ipaddress.ip_address("8.8.8.8"))
    assert is_public_address(ipaddress.ip_address("2001:4860:4860::8888"))
    assert not is_public_address(ipaddress.ip_address("::1"))
    assert not is_public_address(ipaddress.ip_address("2002:a00:1::1"))  # 6to4 of 10.0.0.1


def test_allow_list_entries():
    allow = AllowList("10.0.5.0/24, robot.lan\nfd00::/8")
    assert allow.allows("x", ipaddress.ip_address("10.0.5.7"))
    assert not allow.allows("x", ipaddress.ip_address("10.0.6.7"))
    assert allow.allows("robot.lan", ipaddress.ip_address("192.168.1.2"))
    # a host name entry never opens link-local (cloud metadata): only a CIDR can
    assert not allow.allows("robot.lan", ipaddress.ip_address("169.254.169.254"))
    with pytest.raises(ValueError, match="Invalid allow-list entry"):
        AllowList("http://robot.lan/")


def test_host_name_allow_list(fake_http):
    fake_http.add("GET", "/f", Reply(body=b"ok"))
    port = fake_http.url.rsplit(":", 1)[1]
    assert fetch(f"http://localhost:{port}/f", max_size=10, allow=AllowList("localhost")).content == b"ok"


def test_redirect_to_a_refused_address(fake_http):
    fake_http.add("GET", "/meta", Reply(status=302, headers={"Location": "http://169.254.169.254/latest/"}))
    fake_http.add("GET", "/intranet", Reply(status=307, headers={"Location": "http://192.168.1.1/admin"}))
    assert refusal(f"{fake_http.url}/meta", allow=LOCAL).code == "refused"
    assert refusal(f"{fake_http.url}/intranet", allow=LOCAL).code == "refused"


def test_redirects_rechecked_and_token_kept_on_its_origin(fake_http):
    with FakeHTTPServer() as other:
        other.add("GET", "/file", Reply(body=b"the file"))
        fake_http.add("GET", "/go", Reply(status=302, headers={"Location": f"{other.url}/file"}))
        result = fetch(f"{fake_http.url}/go", max_size=100, allow=LOCAL, headers={"Authorization": "Bearer t"})
        assert (result.content, result.url) == (b"the file", f"{other.url}/file")
        assert other.received()[0].header("Authorization") is None


def test_redirect_loop_is_cut(fake_http):
    fake_http.add("GET", "/loop", Reply(status=302, headers={"Location": "/loop"}))
    assert refusal(f"{fake_http.url}/loop", allow=LOCAL, max_redirects=3).code == "too_many_redirects"
    assert fake_http.count("GET", "/loop") == 4


def test_oversized_body_refused_with_bounded_memory(fake_http):
    cap = 1024 * 1024
    fake_http.add("GET", "/big", Reply(body=b"x" * (cap + 1)))
    fake_http.add("GET", "/exact", Reply(body=b"x" * cap))
    # no Content-Length: 64 MB streamed in chunks, read only up to the cap
    fake_http.add("GET", "/endless", Reply(chunks=(b"y" * (1024 * 1024),) * 64))
    assert len(fetch(f"{fake_http.url}/exact", max_size=cap, allow=LOCAL).content) == cap
    assert refusal(f"{fake_http.url}/big", max_size=cap, allow=LOCAL).code == "too_large"
    tracemalloc.start()
    try:
        error = refusal(f"{fake_http.url}/endless", max_size=cap, allow=LOCAL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.code == "too_large"
    assert peak < 8 * cap, f"peak {peak} bytes"


def test_slow_body_stopped_by_the_total_time_cap(fake_http):
    # each piece comes well within the per-read timeout, the whole would take 8 s
    fake_http.add("GET", "/drip", Reply(chunks=(b"z",) * 40, chunk_delay=0.2))
    error = refusal(f"{fake_http.url}/drip", max_size=1024, timeout=2, total_timeout=0.6, allow=LOCAL)
    assert (error.code, error.retryable) == ("too_slow", True)


def test_http_errors_do_not_echo_the_body(fake_http):
    fake_http.add("GET", "/404", Reply(status=404, body=b"internal secret page"))
    fake_http.add("GET", "/503", Reply(status=503, body=b"internal secret page"))
    error = refusal(f"{fake_http.url}/404", allow=LOCAL)
    assert (error.code, error.retryable) == ("http_status", False)
    assert "secret" not in str(error)
    assert refusal(f"{fake_http.url}/503", allow=LOCAL).retryable


def test_compressed_answer_refused(fake_http):
    fake_http.add("GET", "/gz", Reply(body=b"\x1f\x8b...", headers={"Content-Encoding": "gzip"}))
    assert refusal(f"{fake_http.url}/gz", allow=LOCAL).code == "bad_encoding"


@pytest.mark.parametrize("url", ["", "ftp://host/x", "file:///etc/passwd", "http://", "http://host:99999/"])
def test_bad_urls(url):
    assert refusal(url).code == "bad_url"


def test_closed_port_is_unreachable():
    with FakeHTTPServer() as server:
        closed = server.url
    error = refusal(f"{closed}/f", allow=LOCAL)
    assert (error.code, error.retryable) == ("unreachable", True)
