"""Download of a robot's invoice file by URL (plain Python).

The URL comes from a robot (job status or callback), so it is fetched with
:func:`odoo.addons.ops_base.tools.safe_fetch.fetch`: internal addresses are refused unless
the administrator's allow-list names them, every redirect is checked again, the body is
capped at ``max_size`` and the whole download at ``total_timeout`` seconds.

Errors are :class:`DownloadError`. Its ``code`` is "too_large" or "failed" — refused by
policy, unreachable, slow or an error answer all read "failed", so the error stored on a
run cannot be used to probe the internal network; ``detail`` is for the server log.
"""

from urllib.parse import urlsplit, urlunsplit

from odoo.addons.ops_base.tools import safe_fetch


class DownloadError(Exception):
    """The file could not be downloaded. ``retryable`` is True when trying later may
    help (network errors, 5xx answers — and policy refusals, which must look the same)."""

    def __init__(self, code, detail, retryable):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.retryable = retryable


def safe_url(url):
    """``url`` without user:password nor query string (which often carries a signature)."""
    parts = urlsplit(str(url or ""))
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def filename_from(headers, url):
    """The file name announced by Content-Disposition, else the last part of the URL path."""
    disposition = {k.lower(): v for k, v in headers.items()}.get("content-disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename" and value.strip('"'):
            return value.strip('"')
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "invoice.pdf"


def parse_allow_list(text):
    """The :class:`~odoo.addons.ops_base.tools.safe_fetch.AllowList` of the setting's
    text; raises ValueError naming the first invalid entry."""
    return safe_fetch.AllowList(text)


def download(url, max_size, *, timeout=30, total_timeout=300, headers=None, allow_list=""):
    """GET ``url`` safely; return ``(content: bytes, filename: str)``.

    ``allow_list``: the administrator's allow-list text (CIDRs and host names reachable
    although not public). Raises :class:`DownloadError`.
    """
    try:
        allow = safe_fetch.AllowList(allow_list)
    except ValueError:
        allow = None  # an invalid setting cannot be saved; never widen access because of one
    try:
        result = safe_fetch.fetch(url, max_size, timeout=timeout, total_timeout=total_timeout,
                                  headers=headers, allow=allow)
    except safe_fetch.FetchError as exc:
        code = "too_large" if exc.code == "too_large" else "failed"
        raise DownloadError(code, f"{safe_url(url)}: {exc.code}: {exc.detail}", exc.retryable) from exc
    return result.content, filename_from(result.headers, result.url)
