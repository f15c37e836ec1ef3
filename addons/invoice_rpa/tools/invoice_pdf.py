"""Invoice PDF checks and storage keys for invoice_rpa (plain Python, no ORM).

A file is accepted as an invoice by its content, never by its name: it must be
non-empty, under the size cap, start with the PDF header and be parsed by PyPDF2 with
at least one page, within the limits of :mod:`.pdf_guard` (pages, nesting,
decompression, time). Manual uploads and robot downloads both go through :func:`check_pdf`
before anything is stored.
"""

import datetime as dt
import logging
import re
import unicodedata

from . import pdf_guard

_logger = logging.getLogger(__name__)

MAX_SIZE = 32 * 1024 * 1024
# Acrobat looks for the header in the first 1024 bytes, so files with a short preamble
# (some generators emit a BOM or blank lines) are still real PDFs.
HEADER_WINDOW = 1024
_SLUG_INVALID = re.compile(r"[^A-Za-z0-9_-]+")
_SLUG_MAX = 80  # keeps keys well below S3's 1024-byte limit


class InvalidPdf(ValueError):
    """The data is not an acceptable invoice PDF. ``code`` is one of "empty",
    "too_large", "not_pdf", "unreadable", "too_complex" (a parsing limit was hit:
    pages, nesting, decompression or time); ``message`` is fit for the user."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def check_pdf(data, max_size=MAX_SIZE):
    """Check that ``data`` (bytes) is a readable PDF of at most ``max_size`` bytes.

    Returns the number of pages. Raises :class:`InvalidPdf` with code "empty",
    "too_large", "not_pdf" (no ``%PDF-`` header in the first 1024 bytes) or
    "unreadable" (PyPDF2 cannot parse it, it has no pages, or it needs a password).
    """
    if not data:
        raise InvalidPdf("empty", "The file is empty.")
    data = bytes(data)
    if len(data) > max_size:
        raise InvalidPdf(
            "too_large", f"The file is {_human(len(data))}; the limit is {_human(max_size)}."
        )
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise InvalidPdf("not_pdf", "The file is not a PDF (its content has no PDF header).")
    try:
        with pdf_guard.bounded_reader(data) as reader:
            if reader.is_encrypted and not reader.decrypt(""):
                raise InvalidPdf("unreadable", "The PDF is password-protected and cannot be read.")
            pages = len(reader.pages)
    except InvalidPdf:
        raise
    except pdf_guard.PdfLimitExceeded as exc:
        _logger.warning("PDF refused by a parsing limit: %s", exc)
        raise InvalidPdf("too_complex", f"The PDF exceeds a safety limit ({exc.limit}) and was not read.") from exc
    except Exception as exc:  # PyPDF2 raises many exception types on corrupt input
        raise InvalidPdf("unreadable", "The PDF is damaged or truncated and cannot be read.") from exc
    if pages > pdf_guard.MAX_PAGES:
        raise InvalidPdf("too_complex", f"The PDF has more than {pdf_guard.MAX_PAGES} pages.")
    if pages < 1:
        raise InvalidPdf("unreadable", "The PDF has no pages.")
    return pages


def _human(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def slugify(value, default=""):
    """Reduce ``value`` to ``[A-Za-z0-9_-]`` (accents dropped, other runs become "_").

    Dots and slashes cannot survive, so the result is safe as one path segment.
    """
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode("ascii")
    text = _SLUG_INVALID.sub("_", text).strip("_-")[:_SLUG_MAX].strip("_-")
    return text or default


def _filename_stem(filename):
    """The uploaded name without directories and without its ".pdf" extension(s)."""
    name = re.split(r"[\\/]", str(filename or ""))[-1]
    while name.lower().endswith(".pdf"):
        name = name[:-4]
    return slugify(name, default="invoice")


def storage_key(operator_code, client_ref, year, month, filename, now=None):  # noqa: PLR0917 (agreed signature)
    """Return the object key of an invoice PDF.

    Format: ``pdfs/{operator}/{client}_{year}_{month:02d}_{timestamp}_{filename}.pdf``
    with ``timestamp`` = ``now`` (naive UTC or aware, default: current UTC time) as
    ``%Y%m%d%H%M%S``. Operator, client and filename are slugified to ``[A-Za-z0-9_-]``
    (no path traversal); the filename loses directories and any ".pdf" suffix, so the
    key never ends in ".pdf.pdf". Raises ValueError on an empty operator/client or a
    year/month out of range.
    """
    operator = slugify(operator_code)
    client = slugify(client_ref)
    if not operator:
        raise ValueError("The operator code is empty.")
    if not client:
        raise ValueError("The client reference is empty.")
    year, month = int(year), int(month)
    if not 2000 <= year <= 9999:
        raise ValueError(f"Year out of range: {year}")
    if not 1 <= month <= 12:
        raise ValueError(f"Month out of range: {month}")
    if now is None:
        now = dt.datetime.now(dt.timezone.utc)
    elif now.tzinfo is not None:
        now = now.astimezone(dt.timezone.utc)
    stamp = now.strftime("%Y%m%d%H%M%S")
    return f"pdfs/{operator}/{client}_{year}_{month:02d}_{stamp}_{_filename_stem(filename)}.pdf"
