"""Client for the clients' tax-automation system ("SAT"), plain Python (no ORM).

One call: :func:`upload_invoice` posts an approved invoice PDF as ``multipart/form-data``
(part ``file`` plus one form field per metadata item) with ``Authorization: Bearer``.
The call is made once (an upload is not known to be idempotent, so no blind retry);
error texts never contain the token.
"""

import json
from urllib.parse import urlsplit

import requests

_SNIPPET = 500  # characters of a response body kept in results and errors


class SatError(Exception):
    """The upload failed. ``code``: "invalid_endpoint", "unreachable", "timeout",
    "rejected" (HTTP 4xx), "server_error" (HTTP 5xx), "unexpected" (any other status);
    ``status`` is the HTTP status when the SAT answered."""

    def __init__(self, code, message, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _body(response):
    """The response body: parsed JSON when it is JSON, else text cut to a snippet."""
    try:
        return response.json()
    except ValueError:
        return response.text[:_SNIPPET]


def body_text(body):
    """A one-line text of a body returned by :func:`upload_invoice`, cut to a snippet."""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, sort_keys=True)
    return text[:_SNIPPET]


def upload_invoice(url, token, filename, content, metadata, timeout=30):  # noqa: PLR0917
    """POST the PDF ``content`` as ``filename`` with the ``metadata`` form fields to ``url``.

    Returns ``{"status": int, "body": dict | list | str}`` for a 2xx answer; raises
    :class:`SatError` otherwise (no redirect is followed: a 3xx is "unexpected").
    """
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SatError("invalid_endpoint", f"The SAT URL is not a valid http(s) URL: {url!r}")
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    fields = {key: "" if value is None else str(value) for key, value in metadata.items()}
    try:
        response = requests.post(
            url, headers=headers, data=fields, timeout=timeout, allow_redirects=False,
            files={"file": (filename, bytes(content), "application/pdf")},
        )
    except requests.Timeout as exc:
        raise SatError("timeout", f"The SAT did not answer within {timeout} s ({url}).") from exc
    except requests.ConnectionError as exc:
        raise SatError("unreachable", f"The SAT cannot be reached at {url}: {type(exc).__name__}.") from exc
    except requests.RequestException as exc:
        raise SatError("unreachable", f"The request to the SAT at {url} failed: {type(exc).__name__}.") from exc
    body = _body(response)
    status = response.status_code
    if 200 <= status < 300:
        return {"status": status, "body": body}
    code = "rejected" if 400 <= status < 500 else "server_error" if status >= 500 else "unexpected"
    raise SatError(code, f"The SAT answered HTTP {status}: {body_text(body)}", status)
