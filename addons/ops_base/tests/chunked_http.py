"""Post a huge ``Transfer-Encoding: chunked`` body (no ``Content-Length``) and watch the
memory of this process while the server handles it. Plain Python, no ORM.

``HttpCase`` serves requests in the test process itself, so the resident memory of this
process *is* the server's: :class:`PeakRss` samples it during the request.
"""

import http.client
import json
import logging
import select
import threading
import time
from urllib.parse import urlsplit

import psutil

_logger = logging.getLogger(__name__)
CHUNK = b"x" * (64 * 1024)


class ChunkedResult:
    def __init__(self, status, body, sent):
        self.status = status
        self.body = body
        self.sent = sent

    def json(self):
        return json.loads(self.body or b"null")


def post_chunked(url, total_bytes, headers=None, timeout=60):
    """POST ``total_bytes`` of body to ``url`` in 64 KB chunks, without Content-Length.

    Stops sending as soon as the server answers (a server that refuses early must not have
    to swallow the rest); returns a :class:`ChunkedResult` with the status, the body and
    how many bytes were sent."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    state = {"sent": 0}

    def body():
        while state["sent"] < total_bytes:
            if conn.sock is not None and select.select([conn.sock], [], [], 0)[0]:
                return  # the server has answered: stop sending
            chunk = CHUNK[: total_bytes - state["sent"]]
            state["sent"] += len(chunk)
            yield chunk

    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        try:
            conn.request(
                "POST",
                path,
                body=body(),
                headers={"Content-Type": "application/json", **(headers or {}), "Transfer-Encoding": "chunked"},
                encode_chunked=True,
            )
        except (BrokenPipeError, ConnectionResetError) as exc:
            # the server answered and closed while we were still sending: read its answer
            _logger.info("chunked post: server closed the connection after %d bytes (%s)", state["sent"], exc)
        response = conn.getresponse()
        return ChunkedResult(response.status, response.read(), state["sent"])
    finally:
        conn.close()


class PeakRss:
    """Context manager: the peak resident memory growth (bytes) of this process while the
    block runs, sampled every few milliseconds in a thread (``growth`` after exit)."""

    def __init__(self, interval=0.002):
        self.interval = interval
        self.process = psutil.Process()
        self.baseline = self.peak = 0
        self._stop = threading.Event()
        self._thread = None

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self):
        self.baseline = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth(self):
        return self.peak - self.baseline
