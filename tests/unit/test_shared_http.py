"""The suite's one HTTP helper (``ops_base/tools/http.py``) against a real local server."""

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.ops_base.tools import http

SECRET = "sk-live-0123456789abcdef"


def fail(server, reply, **kwargs):
    server.add("GET", "/x", reply)
    with pytest.raises(http.HttpCallError) as info:
        http.call("GET", server.url + "/x", **kwargs)
    return info.value


def test_success_returns_response_and_latency(fake_http):
    fake_http.add("GET", "/x", Reply(json={"ok": True}))
    response, latency = http.call("GET", fake_http.url + "/x", timeout=2)
    assert http.json_body(response) == {"ok": True}
    assert latency >= 0


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses(fake_http, status):
    error = fail(fake_http, Reply(status=status, json={"message": "busy"}))
    assert error.retryable and error.status == status
    assert error.message == f"HTTP {status}: busy"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 422, 301, 302])
def test_permanent_statuses(fake_http, status):
    error = fail(fake_http, Reply(status=status, headers={"Location": "/y", "Retry-After": "5"}))
    assert not error.retryable and error.status == status
    assert error.retry_after is None  # only read on retryable answers


def test_ok_statuses_widen_success(fake_http):
    fake_http.add("GET", "/x", Reply(status=404))
    response, _latency = http.call("GET", fake_http.url + "/x", ok_statuses=(200, 404))
    assert response.status_code == 404


def test_timeout_and_connection_errors_are_retryable(fake_http):
    error = fail(fake_http, Reply(json={}, delay=0.6), timeout=0.2)
    assert error.retryable and error.status is None and "0.2 s" in error.message
    fake_http.add("GET", "/closed", Reply(close=True))
    with pytest.raises(http.HttpCallError) as info:
        http.call("GET", fake_http.url + "/closed", timeout=2)
    assert info.value.retryable and info.value.message.startswith("connection failed")


def test_malformed_request_is_permanent():
    with pytest.raises(http.HttpCallError) as info:
        http.call("GET", "notaurl", timeout=1)
    assert not info.value.retryable


def test_retry_after_seconds_and_cap(fake_http):
    assert fail(fake_http, Reply(status=429, headers={"Retry-After": "7"})).retry_after == 7
    fake_http.add("GET", "/x", Reply(status=503, headers={"Retry-After": "86400"}))
    with pytest.raises(http.HttpCallError) as info:
        http.call("GET", fake_http.url + "/x")
    assert info.value.retry_after == http.MAX_RETRY_AFTER
    assert http.parse_retry_after("86400", cap=60) == 60


def test_retry_after_http_date():
    now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=42), usegmt=True)
    assert http.parse_retry_after(later, now=now) == 42
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert http.parse_retry_after(past, now=now) == 0
    for junk in ("", None, "soon", "-5", "1.5"):
        assert http.parse_retry_after(junk, now=now) is None


def test_secrets_scrubbed_from_service_text_and_network_errors(fake_http):
    error = fail(fake_http, Reply(status=401, json={"error": f"bad key {SECRET}"}), secrets=[SECRET, ""])
    assert SECRET not in error.message and "***" in error.message
    with pytest.raises(http.HttpCallError) as info:
        http.call("GET", f"http://127.0.0.1:1/x?key={SECRET}", secrets=[SECRET], timeout=1)
    assert SECRET not in info.value.message and SECRET not in str(info.value)


def test_redirects_not_followed_by_default(fake_http):
    fake_http.add("GET", "/x", Reply(status=302, headers={"Location": "http://169.254.169.254/"}))
    with pytest.raises(http.HttpCallError) as info:
        http.call("GET", fake_http.url + "/x")
    assert info.value.status == 302 and fake_http.count("GET", "/x") == 1


def test_non_json_success_is_permanent(fake_http):
    fake_http.add("GET", "/x", Reply(body=f"<html>{SECRET}</html>"))
    response, _latency = http.call("GET", fake_http.url + "/x")
    with pytest.raises(http.HttpCallError) as info:
        http.json_body(response, secrets=[SECRET])
    assert not info.value.retryable and SECRET not in info.value.message


def test_job_retry_error_carries_retry_after():
    error = http.job_retry_error(http.HttpCallError("HTTP 429", retryable=True, status=429, retry_after=12.0))
    assert error.seconds == 12 and str(error) == "HTTP 429"
    assert http.job_retry_error(http.HttpCallError("x", retryable=True)).seconds is None
