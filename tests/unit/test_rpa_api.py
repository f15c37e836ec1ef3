"""External RPA robot API client, against a local fake robot (``fake_http``).

The client calls out through the suite's HTTP helper: its failures are ``HttpCallError``
with the shared classification (connection errors, timeouts, 408, 429, 5xx retryable)."""

import datetime as dt
import threading
import time

import jwt
import pytest

from odoo.addons.invoice_rpa.tools.rpa_api import (
    job_logs,
    job_status,
    make_token,
    normalise_status,
    start_job,
)
from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.ops_base.tools.http import MAX_RETRY_AFTER, HttpCallError

SECRET = "rpa-shared-secret-0123456789abcdef-XYZ"  # >= 32 bytes, as HS256 wants


@pytest.fixture
def token():
    return make_token(SECRET)


def decoded(request):
    scheme, _, value = request.header("Authorization", "").partition(" ")
    assert scheme == "Bearer"
    return jwt.decode(value, SECRET, algorithms=["HS256"])


def error_of(call, *args, **kwargs):
    with pytest.raises(HttpCallError) as caught:
        call(*args, **kwargs)
    return caught.value


# -- tokens -----------------------------------------------------------------------


def test_make_token_claims():
    now = dt.datetime(2025, 3, 1, 12, 0, 0)  # naive = UTC
    claims = jwt.decode(
        make_token(SECRET, subject="odoo-prod", ttl=60, now=now), SECRET, algorithms=["HS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    expected_iat = int(now.replace(tzinfo=dt.timezone.utc).timestamp())
    assert claims == {"sub": "odoo-prod", "iat": expected_iat, "exp": expected_iat + 60}


def test_make_token_expires():
    stale = make_token(SECRET, ttl=10, now=time.time() - 60)
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(stale, SECRET, algorithms=["HS256"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(make_token(SECRET), "another-secret-0123456789abcdef-XYZ", algorithms=["HS256"])


def test_make_token_needs_a_secret():
    with pytest.raises(ValueError, match="not configured"):
        make_token("")


# -- start_job --------------------------------------------------------------------


@pytest.mark.parametrize("answer", [{"job_id": "j-42"}, {"id": "j-42"}, {"id": 42, "status": "queued"}])
def test_start_job(fake_http, token, answer):
    fake_http.add("POST", r"/api/executar/(?P<op>[^/]+)", Reply(status=202, json=answer))
    payload = {"cliente": "ACME", "conta": "123", "mes": "2025-02"}

    job_id = start_job(fake_http.url + "/api/", "OI", payload, token, timeout=2)

    assert job_id in ("j-42", "42")
    [request] = fake_http.received("POST")
    assert request.path == "/api/executar/OI"
    assert request.json() == payload
    assert request.header("Content-Type") == "application/json"
    assert decoded(request)["sub"] == "odoo"


def test_start_job_quotes_operator_code(fake_http, token):
    fake_http.add("POST", r"/executar/.+", Reply(json={"job_id": "1"}))
    start_job(fake_http.url, "../jobs", {}, token, timeout=2)
    assert fake_http.received("POST")[0].path == "/executar/..%2Fjobs"


@pytest.mark.parametrize(
    ("reply", "status", "retryable"),
    [
        (Reply(status=500, json={"error": "boom"}), 500, True),
        (Reply(status=503, body=b"maintenance"), 503, True),
        (Reply(status=408), 408, True),
        (Reply(status=429), 429, True),
        (Reply(status=401, json={"error": "bad token"}), 401, False),
        (Reply(status=403), 403, False),
        (Reply(status=404), 404, False),
        (Reply(status=422, json={"error": "unknown operator"}), 422, False),
        (Reply(status=302, headers={"Location": "https://elsewhere/"}), 302, False),
        # a 2xx we cannot read: the job may have started, so it is not repeated blindly
        (Reply(body=b"<html>not json</html>", headers={"Content-Type": "text/html"}), 200, False),
        (Reply(json={"status": "queued"}), None, False),  # no job id
        (Reply(json=["j-1"]), None, False),
    ],
    ids=["500", "503", "408", "429", "401", "403", "404", "422", "302", "html", "no-id", "list"],
)
def test_start_job_errors(fake_http, token, reply, status, retryable):
    fake_http.add("POST", r"/executar/OI", reply)
    error = error_of(start_job, fake_http.url, "OI", {}, token, timeout=2)
    assert (error.status, error.retryable) == (status, retryable)
    assert error.message.startswith("RPA API")
    assert token not in str(error)
    assert SECRET not in str(error)
    assert fake_http.count("POST") == 1  # no retry inside the client


def test_error_names_the_call_and_quotes_the_answer_without_the_token(fake_http, token):
    fake_http.add("POST", r"/executar/OI", Reply(status=422, json={"error": f"token {token} refused for OI"}))
    error = error_of(start_job, fake_http.url.replace("://", "://robot:pw@"), "OI", {}, token, timeout=2)
    assert error.message == f"RPA API POST {fake_http.url}/executar/OI: HTTP 422: token *** refused for OI"


def test_retry_after_is_read_and_capped(fake_http, token):
    fake_http.queue("POST", r"/executar/OI", Reply(status=429, headers={"Retry-After": "17"}),
                    Reply(status=503, headers={"Retry-After": "86400"}))
    assert error_of(start_job, fake_http.url, "OI", {}, token, timeout=2).retry_after == 17
    assert error_of(start_job, fake_http.url, "OI", {}, token, timeout=2).retry_after == MAX_RETRY_AFTER


def test_start_job_5xx_then_success_is_left_to_the_caller(fake_http, token):
    fake_http.queue("POST", r"/executar/OI", Reply(status=502), Reply(json={"job_id": "j-2"}))
    assert error_of(start_job, fake_http.url, "OI", {}, token, timeout=2).retryable
    assert start_job(fake_http.url, "OI", {}, token, timeout=2) == "j-2"


def test_timeout_is_retryable(fake_http, token):
    # the fake robot holds the request until the test releases it: only the client's
    # timeout can end the call while the server still holds it
    release, answered = threading.Event(), threading.Event()

    def hold(request):
        release.wait(10)
        answered.set()
        return Reply(json={"status": "done"})

    fake_http.add("GET", r"/jobs/j-1", hold)
    try:
        error = error_of(job_status, fake_http.url, "j-1", token, timeout=0.3)
        assert not answered.is_set(), "the client waited for the answer instead of timing out"
    finally:
        release.set()
    assert (error.status, error.retryable) == (None, True)
    assert "no answer within 0.3 s" in error.message


def test_connection_errors_are_retryable(fake_http, token):
    with FakeHTTPServer() as server:
        closed = server.url
    error = error_of(start_job, closed, "OI", {}, token, timeout=1)
    assert (error.status, error.retryable) == (None, True)
    assert "connection failed" in error.message
    fake_http.add("GET", r"/jobs/j-1", Reply(close=True))  # connection dropped, no answer
    error = error_of(job_status, fake_http.url, "j-1", token, timeout=1)
    assert (error.status, error.retryable) == (None, True)


@pytest.mark.parametrize("endpoint", ["", "ftp://robot/", "robot.example.com/api"])
def test_invalid_endpoint(token, endpoint):
    error = error_of(start_job, endpoint, "OI", {}, token, timeout=1)
    assert not error.retryable
    assert "must be an http(s) URL" in error.message


# -- job_status -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("queued", "queued"), ("pending", "queued"), ("WAITING", "queued"),
        ("running", "running"), ("processing", "running"), ("in progress", "running"), ("in-progress", "running"),
        ("done", "done"), ("success", "done"), ("completed", "done"), ("Finished", "done"),
        ("failed", "failed"), ("error", "failed"), ("cancelled", "failed"), ("timeout", "failed"),
        ("something-new", "running"),  # unknown: still in flight until the execution times out
    ],
)
def test_normalise_status(raw, expected):
    assert normalise_status(raw) == expected


def test_job_status_done_with_file(fake_http, token):
    answer = {"job_id": "j-1", "status": "completed", "file_url": "https://robot/files/f.pdf", "extra": 1}
    fake_http.add("GET", r"/jobs/(?P<job>[^/]+)", Reply(json=answer))

    status = job_status(fake_http.url, "j-1", token, timeout=2)

    assert status == {
        "status": "done", "file_url": "https://robot/files/f.pdf", "file_base64": None, "error": None, "raw": answer,
    }
    [request] = fake_http.received("GET")
    assert request.path == "/jobs/j-1"
    assert decoded(request)["sub"] == "odoo"


def test_job_status_failed_and_base64(fake_http, token):
    fake_http.queue(
        "GET", r"/jobs/j-1",
        Reply(json={"state": "error", "error": {"message": "login failed"}}),
        Reply(json={"status": "success", "pdf_base64": "JVBERi0xLjQK"}),
    )
    failed = job_status(fake_http.url, "j-1", token, timeout=2)
    assert (failed["status"], failed["error"]) == ("failed", "login failed")
    done = job_status(fake_http.url, "j-1", token, timeout=2)
    assert (done["status"], done["file_base64"], done["file_url"]) == ("done", "JVBERi0xLjQK", None)


@pytest.mark.parametrize(
    "reply",
    [Reply(json={"job_id": "j-1"}), Reply(json=[1, 2]), Reply(json={"status": ""}), Reply(body=b"{not json")],
    ids=["no-status", "list", "blank-status", "malformed"],
)
def test_job_status_bad_response(fake_http, token, reply):
    fake_http.add("GET", r"/jobs/j-1", reply)
    error = error_of(job_status, fake_http.url, "j-1", token, timeout=2)
    assert not error.retryable  # the shared rule for unreadable successes


def test_job_status_unknown_job(fake_http, token):
    fake_http.add("GET", r"/jobs/.+", Reply(status=404, json={"error": "no such job"}))
    error = error_of(job_status, fake_http.url, "nope", token, timeout=2)
    assert (error.status, error.retryable) == (404, False)
    assert "no such job" in error.message


# -- job_logs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply(json={"logs": ["login ok", "download started"]}),
        Reply(json=["login ok", "download started"]),
        Reply(json=[{"message": "login ok", "ts": 1}, {"line": "download started"}, {"level": "debug"}]),
        Reply(body=b"login ok\ndownload started\n", headers={"Content-Type": "text/plain; charset=utf-8"}),
    ],
    ids=["logs-key", "list", "objects", "text"],
)
def test_job_logs_shapes(fake_http, token, reply):
    fake_http.add("GET", r"/jobs/j-1/logs", reply)
    assert job_logs(fake_http.url, "j-1", token, timeout=2) == ["login ok", "download started"]
    assert decoded(fake_http.received("GET")[0])["sub"] == "odoo"


def test_job_logs_errors(fake_http, token):
    fake_http.queue("GET", r"/jobs/j-1/logs", Reply(json={"count": 2}), Reply(status=500), Reply(body=b"[oops"))
    assert "not a list" in error_of(job_logs, fake_http.url, "j-1", token, timeout=2).message
    assert error_of(job_logs, fake_http.url, "j-1", token, timeout=2).status == 500
    assert "not JSON" in error_of(job_logs, fake_http.url, "j-1", token, timeout=2).message
