"""Client for the clients' tax-automation system ("SAT"), plain Python (no ORM).

One call: :func:`upload_invoice` posts an approved invoice PDF as ``multipart/form-data``
(part ``file`` plus one form field per metadata item) with ``Authorization: Bearer``.
It goes out through the suite's HTTP helper (:func:`odoo.addons.ops_base.tools.http.call`):
its timeout, classification and scrubbing. The call is made once (an upload is not known
to be idempotent, so no blind retry); error texts never contain the token.
"""

import json
from urllib.parse import urlsplit

from odoo.addons.ops_base.tools import http
from odoo.addons.ops_base.tools.http import HttpCallError

_SNIPPET = 500  # characters of a response body kept in results


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
    :class:`~odoo.addons.ops_base.tools.http.HttpCallError` otherwise, its message naming
    the SAT URL (no redirect is followed: a 3xx is an error too).
    """
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HttpCallError(f"The SAT URL is not a valid http(s) URL: {url!r}", retryable=False)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    fields = {key: "" if value is None else str(value) for key, value in metadata.items()}
    try:
        response, _latency = http.call(
            "POST", url, timeout=timeout, secrets=(token, parts.password), headers=headers, data=fields,
            files={"file": (filename, bytes(content), "application/pdf")},
        )
    except HttpCallError as exc:
        # the caller scrubs the URL's credentials (it records the message)
        raise HttpCallError(f"The SAT at {url} failed: {exc.message}", retryable=exc.retryable,
                            status=exc.status, retry_after=exc.retry_after) from None
    return {"status": response.status_code, "body": _body(response)}
