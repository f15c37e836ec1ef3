"""Download of a robot's invoice file by URL, with a timeout and a size cap (plain Python).

The body is streamed and the download stops as soon as it passes ``max_size``, so a
wrong URL cannot fill the memory. Errors are :class:`DownloadError` whose text names the
URL without credentials or query string.
"""

from urllib.parse import urlsplit, urlunsplit

import requests

_CHUNK = 64 * 1024


class DownloadError(Exception):
    """The file could not be downloaded. ``retryable`` is True for network errors and
    5xx answers (worth trying again later), False otherwise."""

    def __init__(self, message, retryable):
        super().__init__(message)
        self.message = message
        self.retryable = retryable


def safe_url(url):
    """``url`` without user:password nor query string (which often carries a signature)."""
    parts = urlsplit(str(url or ""))
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def filename_from(response, url):
    """The file name announced by Content-Disposition, else the last part of the URL path."""
    disposition = response.headers.get("Content-Disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename" and value.strip('"'):
            return value.strip('"')
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "invoice.pdf"


def download(url, max_size, timeout=30, headers=None):
    """GET ``url``; return ``(content: bytes, filename: str)``.

    Raises :class:`DownloadError` when the URL is not http(s), the server is unreachable
    or slow (``timeout`` seconds for connecting and between bytes), answers non-2xx, or
    sends more than ``max_size`` bytes.
    """
    where = safe_url(url)
    if not str(url or "").lower().startswith(("http://", "https://")):
        raise DownloadError(f"The file URL must be http(s): {where}", False)
    try:
        with requests.get(url, headers=headers or {}, timeout=timeout, stream=True) as response:
            if response.status_code >= 500:
                raise DownloadError(f"HTTP {response.status_code} downloading {where}", True)
            if response.status_code >= 300:
                raise DownloadError(f"HTTP {response.status_code} downloading {where}", False)
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > max_size:
                raise DownloadError(f"The file at {where} is larger than {max_size} bytes", False)
            content = bytearray()
            for chunk in response.iter_content(_CHUNK):
                content.extend(chunk)
                if len(content) > max_size:
                    raise DownloadError(f"The file at {where} is larger than {max_size} bytes", False)
            return bytes(content), filename_from(response, url)
    except requests.RequestException as exc:
        raise DownloadError(f"Download failed: {where} ({type(exc).__name__})", True) from exc
