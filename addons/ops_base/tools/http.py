"""The one HTTP helper of the suite: every client in ``addons/*/tools`` calls out through
:func:`call`. Plain Python, no ORM; credentials come in as arguments.

One rule set for every external service:

- every call has a timeout (connect and read; :data:`DEFAULT_TIMEOUT` unless the caller
  passes its own);
- a failure becomes an :class:`HttpCallError` that says whether trying again later can help.
  *Retryable*: connection errors, timeouts, HTTP 408, 429 and 5xx. *Permanent*: any other
  4xx, a refused redirect, a malformed request. The classification lives here only
  (:func:`is_retryable_status`), so SMS, S3, Google and the RPA API agree on it;
- ``Retry-After`` (seconds or an HTTP date) is read from 408/429/503 answers and capped
  (:data:`MAX_RETRY_AFTER`), so a provider cannot park a job for a day;
- credentials never leak: the caller passes them as ``secrets``; they are scrubbed from
  every message built here, including the text the provider or the network stack returned
  (URLs with keys in their query string included).

Retrying is not done here: background jobs raise queue_job's ``RetryableJobError``
(:func:`job_retry_error`) and the job function's ``retry_pattern`` decides when, so there
is one retry policy in the suite and it is visible in the job's configuration.
"""

import email.utils
import time
from datetime import datetime, timezone

import requests

DEFAULT_TIMEOUT = 15  # seconds, connect and read
MAX_RETRY_AFTER = 300  # seconds: longer waits are capped to this
MAX_MESSAGE_LENGTH = 500
RETRYABLE_STATUSES = frozenset({408, 429})


class HttpCallError(Exception):
    """An external call failed.

    ``message``: what went wrong, safe to show and store (secrets scrubbed);
    ``retryable``: whether the same request may succeed later;
    ``status``: the HTTP status when the service answered (``None`` for network failures);
    ``retry_after``: seconds the service asked us to wait (capped), or ``None``.
    """

    def __init__(self, message, *, retryable, status=None, retry_after=None):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


def is_retryable_status(status):
    """Whether an HTTP status is worth retrying: 408, 429 and every 5xx."""
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def scrub(text, secrets):
    """``text`` with every non-empty secret of ``secrets`` replaced by ``***``."""
    text = str(text or "")
    for secret in secrets or ():
        if secret:
            text = text.replace(str(secret), "***")
    return text


def parse_retry_after(value, *, now=None, cap=MAX_RETRY_AFTER):
    """Seconds to wait from a ``Retry-After`` header value (delta-seconds or an HTTP date),
    between 0 and ``cap``; ``None`` when absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    return max(0.0, min(float(cap), seconds))


def service_message(response):
    """The error text a service put in its answer (JSON ``message``/``error``/``errors``/
    ``title``/``detail`` in their usual shapes, else the start of the body)."""
    try:
        data = response.json()
    except ValueError:
        return (response.text or response.reason or "").strip()[:MAX_MESSAGE_LENGTH]
    parts = []
    if isinstance(data, dict):
        for key in ("message", "error", "errors", "title", "detail"):
            value = data.get(key)
            if isinstance(value, list):
                value = "; ".join(
                    str(item.get("message") or item) if isinstance(item, dict) else str(item) for item in value
                )
            elif isinstance(value, dict):
                value = value.get("message") or str(value)
            if value:
                parts.append(str(value))
    return (" - ".join(parts) or str(data))[:MAX_MESSAGE_LENGTH]


def call(method, url, *, timeout=DEFAULT_TIMEOUT, secrets=(), ok_statuses=None, session=None, **kwargs):
    """Send one request and return ``(response, latency in ms)``.

    Success is a 2xx, or any status listed in ``ok_statuses``. Everything else raises
    :class:`HttpCallError`. ``kwargs`` go to :func:`requests.request` (``headers``,
    ``params``, ``json``, ``data``, ``files``, ``auth``, ``stream``...); redirects are not
    followed unless the caller passes ``allow_redirects=True``. ``session``: a
    :class:`requests.Session` to reuse connections across calls of one client.
    """
    kwargs.setdefault("allow_redirects", False)
    sender = session or requests
    start = time.monotonic()
    try:
        response = sender.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout:
        raise HttpCallError(f"no answer within {timeout} s", retryable=True) from None
    except requests.ConnectionError as exc:
        raise HttpCallError(f"connection failed ({scrub(exc.__class__.__name__, secrets)})", retryable=True) from None
    except requests.RequestException as exc:
        detail = scrub(exc, secrets)[:MAX_MESSAGE_LENGTH]
        raise HttpCallError(f"request failed: {detail}", retryable=False) from None
    latency = int((time.monotonic() - start) * 1000)
    status = response.status_code
    if (ok_statuses and status in ok_statuses) or (not ok_statuses and 200 <= status < 300):
        return response, latency
    raise error_from_response(response, secrets)


def error_from_response(response, secrets=()):
    """The :class:`HttpCallError` for an unsuccessful answer (classified, scrubbed, with
    the capped ``Retry-After``). Exposed for clients that stream or inspect first."""
    status = response.status_code
    message = scrub(service_message(response), secrets)
    retryable = is_retryable_status(status)
    retry_after = parse_retry_after(response.headers.get("Retry-After")) if retryable else None
    return HttpCallError(
        f"HTTP {status}: {message}" if message else f"HTTP {status}",
        retryable=retryable,
        status=status,
        retry_after=retry_after,
    )


def json_body(response, secrets=()):
    """The JSON body of a successful answer; a permanent :class:`HttpCallError` when the
    service answered something else (the call may have taken effect, so it must not be
    repeated blindly)."""
    try:
        return response.json()
    except ValueError:
        snippet = scrub(response.text, secrets)[:100]
        raise HttpCallError(
            f"unexpected answer (not JSON): {snippet}", retryable=False, status=response.status_code
        ) from None


def job_retry_error(exc):
    """queue_job's ``RetryableJobError`` for a retryable :class:`HttpCallError`: the job is
    run again after the service's ``Retry-After`` when it gave one, else after the job
    function's ``retry_pattern``. Only for code running inside a queue_job job."""
    from odoo.addons.queue_job.exception import RetryableJobError  # noqa: PLC0415 - queue_job is optional for ops_base

    return RetryableJobError(exc.message, seconds=int(exc.retry_after) if exc.retry_after else None)
