"""Reading an untrusted PDF with PyPDF2 within explicit limits (plain Python, no ORM).

Odoo 19 pins PyPDF2 2.12.1 for Python 3.11/3.12, which has no limits of its own (pypdf
5, used by Odoo on Python 3.13, has only some): a crafted file of a few hundred KB can
decompress a gigabyte of zeros, nest arrays until the interpreter gives up, list a page a
million times or announce millions of cross-reference entries. Process-wide limits
(``resource.setrlimit``, a subprocess) do not fit an Odoo worker, so the limits are
enforced around the library while :func:`bounded_reader` is active, in the thread that
reads:

* **decompression**: FlateDecode runs through a streaming inflater that stops a stream
  whose output passes ``max_ratio`` times its input (past 1 MB) and the document once
  ``max_decoded`` bytes were inflated in all; LZW (an obsolete filter PyPDF2 decodes in
  pure Python without bound) is refused;
* **nesting**: arrays and dictionaries deeper than ``max_depth`` are refused while they
  are parsed, before Python's recursion limit is near;
* **size**: more than ``max_pages`` pages, ``max_lookups`` object look-ups or
  ``max_xref`` cross-reference entries are refused;
* **time**: every inflated chunk, parsed object, look-up and batch of cross-reference
  entries checks a deadline of ``max_seconds``.

PyPDF2 is wrapped at three points (``filters.decompress``, ``LZWDecode.decode`` and the
nested ``read_object`` of ``generic._data_structures``); the wrappers call the original
function unchanged when no limit is active in the current context, so other readers of
PyPDF2 in Odoo (reports, mail) behave as before. A limit hit is sticky: once exceeded,
the reader fails even if PyPDF2 catches the first error and tries to recover.
"""

import contextlib
import contextvars
import io
import time
import zlib

from PyPDF2 import PdfReader, filters
from PyPDF2.generic import _data_structures

MAX_PAGES = 5000
MAX_DEPTH = 64
MAX_DECODED = 64 * 1024 * 1024
MAX_RATIO = 100
MAX_SECONDS = 10.0
MAX_LOOKUPS = 200_000
MAX_XREF = 1_000_000
_RATIO_FLOOR = 1024 * 1024  # small streams may compress very well (blank pages)
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 256 * 1024
_XREF_TICK = 4096

_active = contextvars.ContextVar("invoice_rpa_pdf_limits", default=None)


class PdfLimitExceeded(Exception):
    """A limit was hit. ``limit`` is "pages", "depth", "decoded", "ratio", "time",
    "lookups", "xref" or "filter"; ``detail`` is for the server log."""

    def __init__(self, limit, detail):
        super().__init__(f"{limit}: {detail}")
        self.limit = limit
        self.detail = detail


class _Budget:
    """The limits of one reading, and what was spent of them."""

    def __init__(self, max_pages, max_depth, max_decoded, max_ratio, max_seconds):
        self.max_pages, self.max_depth = max_pages, max_depth
        self.max_decoded, self.max_ratio = max_decoded, max_ratio
        self.deadline = time.monotonic() + max_seconds
        self.max_seconds = max_seconds
        self.pages = self.depth = self.decoded = self.lookups = 0
        self.failure = None

    def fail(self, limit, detail):
        self.failure = self.failure or PdfLimitExceeded(limit, detail)
        raise self.failure

    def tick(self):
        if self.failure:
            raise self.failure
        if time.monotonic() > self.deadline:
            self.fail("time", f"not read within {self.max_seconds}s")

    def inflate(self, data):
        """FlateDecode ``data`` within the ratio, total size and time limits."""
        inflater = zlib.decompressobj()
        out = bytearray()
        view = memoryview(bytes(data))
        for start in range(0, len(view), _IN_CHUNK):
            pending = view[start:start + _IN_CHUNK]
            end = start + len(pending)
            while pending:
                piece = inflater.decompress(pending, _OUT_CHUNK)
                pending = inflater.unconsumed_tail
                self._spent(len(piece), len(out) + len(piece), end - len(pending))
                out += piece
                if inflater.eof:
                    return bytes(out)
        return bytes(out + inflater.flush())

    def _spent(self, size, stream_out, stream_in):
        self.tick()
        self.decoded += size
        if self.decoded > self.max_decoded:
            self.fail("decoded", f"more than {self.max_decoded} bytes inflated")
        if stream_out > _RATIO_FLOOR and stream_out > self.max_ratio * max(stream_in, 1):
            self.fail("ratio", f"a stream inflates more than {self.max_ratio} times")


@contextlib.contextmanager
def _nesting(budget):
    budget.tick()
    budget.depth += 1
    try:
        if budget.depth > budget.max_depth:
            budget.fail("depth", f"objects nested deeper than {budget.max_depth}")
        yield
    finally:
        budget.depth -= 1


def _install():
    """Wrap PyPDF2 once (again if someone, e.g. ``odoo.tools.pdf``, replaced our wrapper)."""
    if not getattr(filters.decompress, "_invoice_rpa_bounded", False):
        original_decompress = filters.decompress

        def decompress(data):
            budget = _active.get()
            return original_decompress(data) if budget is None else budget.inflate(data)

        decompress._invoice_rpa_bounded = True
        filters.decompress = decompress
    if not getattr(filters.LZWDecode.decode, "_invoice_rpa_bounded", False):
        original_lzw = filters.LZWDecode.decode

        def lzw_decode(*args, **kwargs):
            budget = _active.get()
            if budget is not None:
                budget.fail("filter", "LZWDecode streams are not accepted")
            return original_lzw(*args, **kwargs)

        lzw_decode._invoice_rpa_bounded = True
        filters.LZWDecode.decode = staticmethod(lzw_decode)
    if not getattr(_data_structures.read_object, "_invoice_rpa_bounded", False):
        original_read = _data_structures.read_object

        def read_object(*args, **kwargs):
            budget = _active.get()
            if budget is None:
                return original_read(*args, **kwargs)
            with _nesting(budget):
                return original_read(*args, **kwargs)

        read_object._invoice_rpa_bounded = True
        _data_structures.read_object = read_object


class _BoundedReader(PdfReader):
    """PdfReader counting look-ups and pages, and checking the cross-reference size."""

    def __init__(self, data, budget, max_lookups, max_xref):
        self._budget, self._max_lookups, self._max_xref = budget, max_lookups, max_xref
        super().__init__(io.BytesIO(data), strict=False)

    def get_object(self, indirect_reference):
        budget = self._budget
        budget.tick()
        budget.lookups += 1
        if budget.lookups > self._max_lookups:
            budget.fail("lookups", f"more than {self._max_lookups} object look-ups")
        found = super().get_object(indirect_reference)
        if isinstance(found, dict) and found.get("/Type") == "/Page":
            budget.pages += 1
            if budget.pages > budget.max_pages:
                budget.fail("pages", f"more than {budget.max_pages} pages")
        return found

    def _read_xref_subsections(self, idx_pairs, get_entry, used_before):
        # PyPDF2 loops over the announced entries even past the end of the data
        budget = self._budget
        try:
            announced = sum(int(size) for size in list(idx_pairs)[1::2])
        except (TypeError, ValueError):
            announced = 0
        if announced > self._max_xref:
            budget.fail("xref", f"{announced} cross-reference entries announced")
        calls = iter(range(1 << 62))

        def counted_entry(i):
            if next(calls) % _XREF_TICK == 0:
                budget.tick()
            return get_entry(i)

        return super()._read_xref_subsections(idx_pairs, counted_entry, used_before)


@contextlib.contextmanager
def bounded_reader(data, *, max_pages=MAX_PAGES, max_depth=MAX_DEPTH, max_decoded=MAX_DECODED,
                   max_ratio=MAX_RATIO, max_seconds=MAX_SECONDS, max_lookups=MAX_LOOKUPS, max_xref=MAX_XREF):
    """Context manager yielding a PyPDF2 ``PdfReader`` of ``data`` (bytes); everything
    read from it inside the block obeys the limits. Raises :class:`PdfLimitExceeded`
    (also when PyPDF2 swallowed the first hit and went on)."""
    _install()
    budget = _Budget(max_pages, max_depth, max_decoded, max_ratio, max_seconds)
    token = _active.set(budget)
    try:
        try:
            yield _BoundedReader(data, budget, max_lookups, max_xref)
        except RecursionError:
            budget.fail("depth", "recursion limit reached")
        except Exception:
            if budget.failure:
                raise budget.failure from None
            raise
        if budget.failure:
            raise budget.failure
    finally:
        _active.reset(token)
