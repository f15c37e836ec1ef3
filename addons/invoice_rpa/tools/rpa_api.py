"""Client for the external RPA robot API (plain Python, no ORM).

Three endpoints: ``POST {endpoint}/executar/{operator}`` starts a download job,
``GET {endpoint}/jobs/{job_id}`` polls it, ``GET {endpoint}/jobs/{job_id}/logs`` reads
its log. Calls are authenticated with a short-lived HS256 JWT (:func:`make_token`).

Calls go out through the suite's HTTP helper (:func:`odoo.addons.ops_base.tools.http.call`):
its timeout, its classification of retryable answers and its scrubbing. Failures are
:class:`~odoo.addons.ops_base.tools.http.HttpCallError` (``retryable``, ``status``,
``retry_after``), their message prefixed with the call made. Each call is made once:
retrying is the job queue's business. Error texts never contain the token or the secret.
"""

import datetime as dt
import time
from urllib.parse import quote, urlsplit, urlunsplit

import jwt

from odoo.addons.ops_base.tools import http
from odoo.addons.ops_base.tools.http import HttpCallError

STATUSES = ("queued", "running", "done", "failed")
# Robot vendors spell job states in many ways; anything unknown counts as "running",
# so the job stays in flight until it reports a known state or hits its timeout.
_STATUS_ALIASES = {
    "queued": ("queued", "pending", "waiting", "created", "new", "scheduled", "submitted", "accepted", "enqueued"),
    "running": ("running", "processing", "in_progress", "started", "executing", "active", "working"),
    "done": ("done", "success", "succeeded", "successful", "completed", "complete", "finished", "ok"),
    "failed": (
        "failed", "failure", "error", "errored", "cancelled", "canceled", "aborted",
        "timeout", "timed_out", "rejected", "killed",
    ),
}
_STATUS_MAP = {alias: status for status, aliases in _STATUS_ALIASES.items() for alias in aliases}


def make_token(secret, subject="odoo", ttl=300, now=None):
    """Return an HS256 JWT signed with ``secret``, with ``sub``, ``iat`` and ``exp``.

    ``now`` (datetime or epoch seconds, default: the current time) sets ``iat``; the
    token expires ``ttl`` seconds later.
    """
    if not secret:
        raise ValueError("The RPA API secret is not configured.")
    if now is None:
        issued = int(time.time())
    elif isinstance(now, dt.datetime):
        # naive datetimes are UTC, as Odoo stores them
        issued = int((now if now.tzinfo else now.replace(tzinfo=dt.timezone.utc)).timestamp())
    else:
        issued = int(now)
    claims = {"sub": subject, "iat": issued, "exp": issued + int(ttl)}
    return jwt.encode(claims, secret, algorithm="HS256")


def _safe_url(url):
    """``url`` without user:password, for messages."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _request(method, url, token, timeout, json_body=None):
    """Make one HTTP call; return the response of a 2xx, raise HttpCallError otherwise
    (no redirect is followed: a redirected POST silently turns into a GET, and a redirect
    means the endpoint setting is wrong, e.g. http -> https)."""
    if not url.lower().startswith(("http://", "https://")):
        raise HttpCallError(f"The RPA endpoint must be an http(s) URL: {_safe_url(url)}", retryable=False)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    try:
        response, _latency = http.call(method, url, timeout=timeout, secrets=(token,), json=json_body, headers=headers)
    except HttpCallError as exc:
        raise _in_context(exc, f"{method} {_safe_url(url)}") from None
    return response


def _in_context(exc, where):
    """``exc`` with its message saying which call failed (same classification)."""
    return HttpCallError(f"RPA API {where}: {exc.message}", retryable=exc.retryable,
                         status=exc.status, retry_after=exc.retry_after)


def _json(response, where, token):
    try:
        return http.json_body(response, secrets=(token,))
    except HttpCallError as exc:
        raise _in_context(exc, where) from None


def _bad_answer(message):
    # a 2xx answer we cannot use: the call may have taken effect (a job started), so it
    # is not repeated blindly, as the shared helper treats any unreadable success
    return HttpCallError(f"RPA API: {message}", retryable=False)


def _base(endpoint):
    return str(endpoint or "").strip().rstrip("/")


def start_job(endpoint, operator_code, payload, token, timeout=15):
    """Start a robot job for ``operator_code``; return its job id (str).

    POSTs ``payload`` as JSON to ``{endpoint}/executar/{operator_code}``; the answer
    must be a JSON object with ``job_id`` (or ``id``). Raises :class:`HttpCallError`.
    """
    url = f"{_base(endpoint)}/executar/{quote(str(operator_code), safe='')}"
    data = _json(_request("POST", url, token, timeout, json_body=payload or {}), "POST executar", token)
    job_id = None
    if isinstance(data, dict):
        job_id = data.get("job_id", data.get("id"))
    if job_id in (None, "") or isinstance(job_id, (dict, list, bool)):
        raise _bad_answer("started no job: the answer has no job_id")
    return str(job_id)


def normalise_status(value):
    """Map a robot's status string to one of :data:`STATUSES` ("running" if unknown)."""
    key = str(value or "").strip().lower().replace("-", "_").replace(" ", "_")
    return _STATUS_MAP.get(key, "running")


def _text(value):
    if isinstance(value, dict):
        value = value.get("message") or value.get("detail") or value.get("code")
    return str(value) if value not in (None, "") else None


def job_status(endpoint, job_id, token, timeout=15):
    """Return the normalised status of a job (GET ``{endpoint}/jobs/{job_id}``).

    Result: ``{"status": "queued"|"running"|"done"|"failed", "file_url": str|None,
    "file_base64": str|None, "error": str|None, "raw": <the JSON object received>}``.
    Raises :class:`HttpCallError` (not retryable when the answer has no status).
    """
    url = f"{_base(endpoint)}/jobs/{quote(str(job_id), safe='')}"
    data = _json(_request("GET", url, token, timeout), "GET jobs", token)
    raw_status = data.get("status", data.get("state")) if isinstance(data, dict) else None
    if not isinstance(raw_status, str) or not raw_status.strip():
        raise _bad_answer("the job status answer has no status")
    return {
        "status": normalise_status(raw_status),
        "file_url": _text(data.get("file_url") or data.get("url") or data.get("download_url")),
        "file_base64": _text(data.get("file_base64") or data.get("pdf_base64") or data.get("base64")),
        "error": _text(data.get("error") or data.get("error_message")),
        "raw": data,
    }


def _log_line(item):
    if isinstance(item, dict):
        for field in ("message", "line", "msg", "text"):
            if item.get(field) not in (None, ""):
                return str(item[field])
        return None
    return None if item is None else str(item)


def job_logs(endpoint, job_id, token, timeout=15):
    """Return a job's log lines (GET ``{endpoint}/jobs/{job_id}/logs``).

    Accepts ``{"logs": [...]}``, a bare list, items that are strings or objects with
    ``message``/``line``, and a plain-text body (one line per line). Raises
    :class:`HttpCallError`.
    """
    url = f"{_base(endpoint)}/jobs/{quote(str(job_id), safe='')}/logs"
    response = _request("GET", url, token, timeout)
    if response.headers.get("Content-Type", "").startswith("text/plain"):
        return response.text.splitlines()
    data = _json(response, "GET logs", token)
    if isinstance(data, dict):
        data = data.get("logs", data.get("lines"))
    if isinstance(data, str):
        return data.splitlines()
    if not isinstance(data, list):
        raise _bad_answer("the logs answer is not a list of lines")
    return [line for line in (_log_line(item) for item in data) if line is not None]
