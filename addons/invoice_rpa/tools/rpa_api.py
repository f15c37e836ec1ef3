"""Client for the external RPA robot API (plain Python, no ORM).

Three endpoints: ``POST {endpoint}/executar/{operator}`` starts a download job,
``GET {endpoint}/jobs/{job_id}`` polls it, ``GET {endpoint}/jobs/{job_id}/logs`` reads
its log. Calls are authenticated with a short-lived HS256 JWT (:func:`make_token`).

Each call is made once: retrying is the job queue's business, guided by
:attr:`RpaApiError.retryable`. Error texts never contain the token or the secret.
"""

import datetime as dt
import time
from urllib.parse import quote, urlsplit, urlunsplit

import jwt
import requests

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
_SNIPPET = 200  # characters of a response body quoted in an error


class RpaApiError(Exception):
    """A robot API call failed. ``code``: "unreachable", "timeout", "server_error",
    "rate_limited" (retryable), "denied", "not_found", "rejected", "invalid_endpoint"
    (not retryable), "bad_response" (retryable)."""

    def __init__(self, code, message, retryable):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable


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
    """Make one HTTP call; return the response of a 2xx, raise RpaApiError otherwise."""
    if not url.lower().startswith(("http://", "https://")):
        raise RpaApiError("invalid_endpoint", f"The RPA endpoint must be an http(s) URL: {_safe_url(url)}", False)
    where = f"{method} {_safe_url(url)}"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    try:
        # No redirects: a redirected POST silently turns into a GET, and a redirect
        # means the endpoint setting is wrong (e.g. http -> https).
        response = requests.request(
            method, url, json=json_body, headers=headers, timeout=timeout, allow_redirects=False
        )
    except requests.Timeout as exc:
        raise RpaApiError("timeout", f"RPA API timed out after {timeout}s: {where}", True) from exc
    except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as exc:
        raise RpaApiError("invalid_endpoint", f"Invalid RPA endpoint URL: {_safe_url(url)}", False) from exc
    except requests.RequestException as exc:
        raise RpaApiError("unreachable", f"RPA API unreachable: {where} ({type(exc).__name__})", True) from exc
    status = response.status_code
    if 200 <= status < 300:
        return response
    snippet = response.text[:_SNIPPET].replace(token, "***") if token else response.text[:_SNIPPET]
    message = f"RPA API answered HTTP {status} to {where}: {snippet}"
    if status >= 500:
        raise RpaApiError("server_error", message, True)
    if status in (401, 403):
        raise RpaApiError("denied", message, False)
    if status == 404:
        raise RpaApiError("not_found", message, False)
    # 408/429 say "try later" explicitly, unlike other client errors
    if status in (408, 429):
        raise RpaApiError("rate_limited" if status == 429 else "timeout", message, True)
    raise RpaApiError("rejected", message, False)


def _json(response, where):
    try:
        return response.json()
    except ValueError as exc:
        raise RpaApiError("bad_response", f"RPA API sent invalid JSON to {where}", True) from exc


def _base(endpoint):
    return str(endpoint or "").strip().rstrip("/")


def start_job(endpoint, operator_code, payload, token, timeout=15):
    """Start a robot job for ``operator_code``; return its job id (str).

    POSTs ``payload`` as JSON to ``{endpoint}/executar/{operator_code}``; the answer
    must be a JSON object with ``job_id`` (or ``id``). Raises :class:`RpaApiError`.
    """
    url = f"{_base(endpoint)}/executar/{quote(str(operator_code), safe='')}"
    data = _json(_request("POST", url, token, timeout, json_body=payload or {}), "POST executar")
    job_id = None
    if isinstance(data, dict):
        job_id = data.get("job_id", data.get("id"))
    if job_id in (None, "") or isinstance(job_id, (dict, list, bool)):
        raise RpaApiError("bad_response", "RPA API started no job: the answer has no job_id", True)
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
    Raises :class:`RpaApiError` ("bad_response" when the answer has no status).
    """
    url = f"{_base(endpoint)}/jobs/{quote(str(job_id), safe='')}"
    data = _json(_request("GET", url, token, timeout), "GET jobs")
    raw_status = data.get("status", data.get("state")) if isinstance(data, dict) else None
    if not isinstance(raw_status, str) or not raw_status.strip():
        raise RpaApiError("bad_response", "RPA API job status answer has no status", True)
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
    :class:`RpaApiError`.
    """
    url = f"{_base(endpoint)}/jobs/{quote(str(job_id), safe='')}/logs"
    response = _request("GET", url, token, timeout)
    if response.headers.get("Content-Type", "").startswith("text/plain"):
        return response.text.splitlines()
    data = _json(response, "GET logs")
    if isinstance(data, dict):
        data = data.get("logs", data.get("lines"))
    if isinstance(data, str):
        return data.splitlines()
    if not isinstance(data, list):
        raise RpaApiError("bad_response", "RPA API logs answer is not a list of lines", True)
    return [line for line in (_log_line(item) for item in data) if line is not None]
