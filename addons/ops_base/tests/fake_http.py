"""A real HTTP server on 127.0.0.1 that plays an external provider in tests.

The suite never mocks its own code: the code under test talks HTTP, for real, to this
server, which answers what a provider (Google, S3, Quo, Chatwoot, an RPA robot...) would
answer. Tests declare routes, then read back what was requested::

    with FakeHTTPServer() as server:
        server.add("POST", r"/v1/messages", Reply(json={"id": "m1"}))
        server.add("GET", r"/jobs/(?P<job>\\w+)", lambda req: Reply(json={"id": req.match["job"]}))
        server.queue("POST", "/send", Reply(status=503), Reply(json={"ok": True}))
        client_under_test(base_url=server.url)
        assert server.count("POST", "/send") == 2

Plain Python (no ORM): usable from Odoo test cases and from pytest alike.
"""

import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """What the fake provider answers. ``delay`` (seconds) simulates a slow provider;
    ``close`` drops the connection without an answer (a network failure). ``chunks``
    (bytes pieces) are sent with chunked transfer encoding instead of ``body``, each
    after ``chunk_delay`` seconds: a body without Content-Length, or a dripping one."""

    status: int = 200
    json: object = None
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    close: bool = False
    chunks: tuple = ()
    chunk_delay: float = 0.0

    def payload(self):
        if self.json is not None:
            return json.dumps(self.json).encode(), "application/json"
        body = self.body.encode() if isinstance(self.body, str) else self.body
        return body, self.headers.get("Content-Type", "application/octet-stream")


@dataclass
class Request:
    """One request the server received."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    match: dict = field(default_factory=dict)

    def json(self):
        return json.loads(self.body or b"null")

    def header(self, name, default=None):
        lowered = {k.lower(): v for k, v in self.headers.items()}
        return lowered.get(name.lower(), default)


class _Route:
    def __init__(self, method, pattern, responder):
        self.method = method.upper()
        self.regex = re.compile(pattern if pattern.startswith("^") else "^" + pattern + "$")
        self.responder = responder  # Reply, callable(Request) -> Reply, or list (a queue)

    def answer(self, request):
        responder = self.responder
        if isinstance(responder, list):
            # a queue: each reply once, the last one repeats
            responder = responder.pop(0) if len(responder) > 1 else responder[0]
        return responder(request) if callable(responder) else responder


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a client closing early (size or time caps under test) is not a server error
        if isinstance(sys.exc_info()[1], ConnectionError):
            return None
        return super().handle_error(request, client_address)


class FakeHTTPServer:
    """Threaded HTTP server bound to 127.0.0.1 on a free port. Unmatched requests get a
    404 with a JSON body, so a wrong URL in the code under test shows up clearly."""

    def __init__(self, host="127.0.0.1"):
        self._routes = []
        self._lock = threading.Lock()
        self.requests = []
        self._server = _QuietServer((host, 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = None

    # -- declaring behaviour ------------------------------------------------
    def add(self, method, pattern, responder):
        """Answer ``method`` requests whose path matches ``pattern`` (a regex, anchored)
        with ``responder``: a :class:`Reply` or a callable taking the :class:`Request`.
        Later routes win over earlier ones, so a test can override a default."""
        with self._lock:
            self._routes.insert(0, _Route(method, pattern, responder))

    def queue(self, method, pattern, *replies):
        """Answer with ``replies`` in order, then keep repeating the last one."""
        self.add(method, pattern, list(replies))

    # -- reading back -------------------------------------------------------
    def received(self, method=None, path=None):
        """The requests received so far, optionally filtered by method and path regex."""
        with self._lock:
            found = list(self.requests)
        if method:
            found = [r for r in found if r.method == method.upper()]
        if path:
            regex = re.compile(path if path.startswith("^") else "^" + path + "$")
            found = [r for r in found if regex.match(r.path)]
        return found

    def count(self, method=None, path=None):
        return len(self.received(method, path))

    def reset(self):
        with self._lock:
            self.requests.clear()

    # -- life cycle ---------------------------------------------------------
    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        # a short poll interval keeps stop() (and so each test) fast
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- internals ----------------------------------------------------------
    def _dispatch(self, request):
        with self._lock:
            self.requests.append(request)
            routes = list(self._routes)
        for route in routes:
            found = route.regex.match(request.path)
            if route.method == request.method and found:
                request.match = found.groupdict()
                with self._lock:
                    return route.answer(request)
        return Reply(status=404, json={"error": "no_fake_route", "method": request.method, "path": request.path})

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    method=self.command,
                    path=parts.path,
                    query={k: v[0] if len(v) == 1 else v for k, v in parse_qs(parts.query).items()},
                    headers=dict(self.headers.items()),
                    body=body,
                )
                reply = fake._dispatch(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.close:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if reply.chunks:
                    self._send_chunks(reply)
                    return
                payload, content_type = reply.payload()
                self.send_response(reply.status)
                headers = {"Content-Type": content_type, **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            def _send_chunks(self, reply):
                self.send_response(reply.status)
                headers = {"Content-Type": "application/octet-stream", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in reply.chunks:
                        time.sleep(reply.chunk_delay)
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:  # the client gave up (a size or time cap): expected
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

            def log_message(self, *args):  # keep test output clean
                pass

        return Handler
