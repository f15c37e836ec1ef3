"""The HTTP call shared by the outbound provider clients. Plain Python, no ORM.

Every call has a timeout. Every failure becomes a :class:`ProviderError` that says whether
it is worth retrying (connection errors, timeouts, HTTP 429 and 5xx) or permanent (any
other 4xx, or an answer that cannot be understood), with the provider's own error message.
Messages never carry credentials: the caller passes them as ``secrets`` and they are
scrubbed from whatever text the provider or the network stack returned.
"""

import time

import requests

DEFAULT_TIMEOUT = 15  # seconds, connect and read
MAX_MESSAGE_LENGTH = 500


class ProviderError(Exception):
    """A provider call failed. ``retryable``: worth trying again later; ``status``: the
    HTTP status when the provider answered (``None`` for network failures)."""

    def __init__(self, message, *, retryable, status=None):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status = status


def scrub(text, secrets):
    """``text`` with every non-empty secret of ``secrets`` replaced by ``***``."""
    text = str(text or "")
    for secret in secrets or ():
        if secret:
            text = text.replace(secret, "***")
    return text


def _provider_message(response):
    """The error text a provider put in its answer (JSON ``message``/``error``/``errors``
    in their usual shapes, else the start of the body)."""
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


def call(method, url, *, headers, json=None, timeout=DEFAULT_TIMEOUT, secrets=(), ok_statuses=None):
    """Send one request; ``(response, latency in ms)`` on success (a 2xx, or a status of
    ``ok_statuses``), :class:`ProviderError` otherwise."""
    start = time.monotonic()
    try:
        response = requests.request(method, url, headers=headers, json=json, timeout=timeout)
    except requests.Timeout:
        raise ProviderError(f"no answer within {timeout} s", retryable=True) from None
    except requests.ConnectionError as exc:
        reason = scrub(exc.__class__.__name__, secrets)
        raise ProviderError(f"connection failed ({reason})", retryable=True) from None
    except requests.RequestException as exc:
        raise ProviderError(f"request failed: {scrub(exc, secrets)[:MAX_MESSAGE_LENGTH]}", retryable=False) from None
    latency = int((time.monotonic() - start) * 1000)
    status = response.status_code
    if (ok_statuses and status in ok_statuses) or (not ok_statuses and 200 <= status < 300):
        return response, latency
    message = scrub(_provider_message(response), secrets)
    retryable = status == 429 or status >= 500
    raise ProviderError(
        f"HTTP {status}: {message}" if message else f"HTTP {status}", retryable=retryable, status=status
    )


def json_body(response, secrets=()):
    """The JSON body of a successful answer; a permanent :class:`ProviderError` when the
    provider answered something else (the call may or may not have taken effect, so it
    must not be repeated blindly)."""
    try:
        return response.json()
    except ValueError:
        snippet = scrub(response.text, secrets)[:100]
        raise ProviderError(
            f"unexpected answer (not JSON): {snippet}", retryable=False, status=response.status_code
        ) from None
