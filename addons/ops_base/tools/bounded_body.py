"""Read the body of a public HTTP request without ever holding more than a cap in memory.

Why not ``request.httprequest.get_data()``: with ``Transfer-Encoding: chunked`` there is
no ``Content-Length`` to refuse early, and werkzeug 2.2 (Odoo 19's pin) hands the WSGI
server's de-chunked input stream over as it is (``wsgi.input_terminated``, see
``werkzeug.wsgi.get_input_stream``): ``get_data()`` reads it to the end, whatever its size,
and Odoo's ``max_content_length`` is only enforced by werkzeug's form parser. So a route
that checks the size *after* ``get_data()`` has already buffered the whole body.

:func:`read_bounded_body` reads at most ``cap + 1`` bytes from the input stream and raises
:class:`PayloadTooLarge` beyond ``cap``: the memory held is bounded by the cap, whatever
the client sends. The body is kept on the request, so a second call (Odoo retries a whole
request after a serialization failure, see ``odoo.service.model.retrying``) returns the
same bytes instead of an exhausted stream.

Odoo's ``HTTPRequest`` does not proxy werkzeug's ``stream``; the wrapped werkzeug request
is reached the way Odoo's own bus reaches the WSGI environ (``_HTTPRequest__…``).
"""

from werkzeug.exceptions import RequestEntityTooLarge

CHUNK_SIZE = 64 * 1024
_CACHE_ATTR = "_ops_bounded_body"


class PayloadTooLarge(Exception):
    """The request body is larger than the cap; answer 413 ``payload_too_large``."""

    code = "payload_too_large"
    status = 413


def _input_stream(httprequest):
    wrapped = getattr(httprequest, "_HTTPRequest__wrapped", httprequest)
    return wrapped.stream


def read_bounded_body(httprequest, cap):
    """The raw body of ``httprequest`` (Odoo's ``request.httprequest``), at most ``cap``
    bytes; :class:`PayloadTooLarge` when the announced or actual size exceeds ``cap``
    (refused before reading when ``Content-Length`` announces it)."""
    cached = getattr(httprequest, _CACHE_ATTR, None)
    if cached is not None:
        if cached is PayloadTooLarge:
            raise PayloadTooLarge()
        return cached
    if (httprequest.content_length or 0) > cap:
        setattr(httprequest, _CACHE_ATTR, PayloadTooLarge)
        raise PayloadTooLarge()
    stream = _input_stream(httprequest)
    chunks, size = [], 0
    while size <= cap:
        chunk = stream.read(min(CHUNK_SIZE, cap + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > cap:
        setattr(httprequest, _CACHE_ATTR, PayloadTooLarge)
        raise PayloadTooLarge()
    body = b"".join(chunks)
    setattr(httprequest, _CACHE_ATTR, body)
    return body


class CappedStream:
    """A request input stream that raises werkzeug's ``RequestEntityTooLarge`` (413) once
    more than ``cap`` bytes were read from it.

    Werkzeug 2.2 enforces ``max_content_length`` only against an announced Content-Length:
    a chunked body is handed to the form parser unlimited (file parts spill to temporary
    files, so a portal upload could fill the disk). ``ops_base``'s ``ir.http`` puts this
    wrapper in place of ``request.stream`` for such bodies, as werkzeug's own docs of
    ``Request.stream`` suggest for filtering.
    """

    def __init__(self, stream, cap):
        self._stream = stream
        self._cap = cap
        self._read = 0

    def _count(self, data):
        self._read += len(data)
        if self._read > self._cap:
            raise RequestEntityTooLarge()
        return data

    def _room(self, size):
        room = self._cap + 1 - self._read  # one byte past the cap tells "too large" from "exactly the cap"
        return room if size is None or size < 0 else min(size, room)

    # a stream, not a model: no super() to call
    def read(self, size=-1):  # pylint: disable=method-required-super
        return self._count(self._stream.read(self._room(size)))

    def readline(self, size=-1):
        return self._count(self._stream.readline(self._room(size)))

    def readable(self):
        return True

    def __iter__(self):
        return iter(self.readline, b"")


def cap_unannounced_body(httprequest):
    """Wrap the input stream of ``httprequest`` (Odoo's) in a :class:`CappedStream` at its
    ``max_content_length`` when the body comes without a Content-Length (chunked)."""
    wrapped = getattr(httprequest, "_HTTPRequest__wrapped", httprequest)
    cap = wrapped.max_content_length
    if cap is None or wrapped.content_length is not None or "form" in wrapped.__dict__:
        return
    if not wrapped.environ.get("wsgi.input_terminated"):
        return  # without it werkzeug reads nothing of an unannounced body
    stream = wrapped.stream
    if not isinstance(stream, CappedStream):
        wrapped.__dict__["stream"] = CappedStream(stream, cap)
