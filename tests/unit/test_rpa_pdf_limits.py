"""invoice_rpa's PDF check runs within limits: hostile PDFs, built here in a few KB, are
refused with a clear error, in bounded memory and time."""

import tracemalloc
import zlib

import pytest
from PyPDF2 import filters

from odoo.addons.invoice_rpa.tests.hostile_pdf import (
    CATALOG,
    MB,
    PAGE,
    assemble,
    bomb_pdf,
    deep_pdf,
    objstm_content,
    objstm_pdf,
    pages,
    with_object_stream,
)
from odoo.addons.invoice_rpa.tools import pdf_guard
from odoo.addons.invoice_rpa.tools.invoice_pdf import InvalidPdf, check_pdf


def refused(data, limit=None):
    with pytest.raises(InvalidPdf) as caught:
        check_pdf(data)
    assert caught.value.code == "too_complex", caught.value.message
    if limit:
        assert f"({limit})" in caught.value.message
    return caught.value


@pytest.fixture(scope="module")
def bomb():
    """1 GB of zeros behind the page, deflated to about 1 MB."""
    return bomb_pdf(1024)


def test_builders_make_valid_pdfs():
    assert zlib.decompress(objstm_content(3 * MB)) == b"3 0 " + PAGE % b"" + bytes(3 * MB)
    assert check_pdf(assemble([CATALOG, pages(), PAGE % b""])) == 1
    assert check_pdf(objstm_pdf()) == 1
    assert check_pdf(assemble([CATALOG, pages(b"3 0 R " * 40, 40), PAGE % b"/Deep" + b"[" * 20 + b"]" * 20])) == 40


def test_decompression_bomb_refused_in_bounded_memory(bomb):
    assert len(bomb) < 2 * MB
    tracemalloc.start()
    try:
        refused(bomb, "ratio")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"1 GB FlateDecode bomb ({len(bomb)} bytes): refused, tracemalloc peak {peak / MB:.1f} MB")
    assert peak < 20 * MB


def test_decoded_size_limit():
    # 2 MB of zeros: under the ratio floor in one stream, over a 1 MB total budget
    with pytest.raises(pdf_guard.PdfLimitExceeded) as caught, \
            pdf_guard.bounded_reader(objstm_pdf(padding_zeros=2 * MB), max_decoded=MB, max_ratio=10**6) as reader:
        len(reader.pages)
    assert caught.value.limit == "decoded"


def test_lzw_refused():
    # LZW data never reaches PyPDF2's unbounded pure-Python decoder
    refused(with_object_stream(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", b"/Filter/LZWDecode"), "filter")


@pytest.mark.parametrize("opening,closing", [(b"[", b"]"), (b"<</A", b">>")], ids=["arrays", "dictionaries"])
@pytest.mark.parametrize("depth", [100, 50_000])
def test_deep_nesting_refused(opening, closing, depth):
    tracemalloc.start()
    try:
        refused(deep_pdf(depth, opening, closing), "depth")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB


def test_too_many_pages_refused():
    # one page object listed 6,000 times: 36 KB of file
    data = assemble([CATALOG, pages(b"3 0 R " * 6000, 6000), PAGE % b""])
    tracemalloc.start()
    try:
        refused(data, "pages")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * MB


def test_cross_reference_flood_refused():
    # 200 million entries announced for 6 real ones: PyPDF2 would loop over all of them
    refused(with_object_stream(objstm_content(), xref_extra=b"/Index[0 200000000]"), "xref")


def test_time_limit():
    # the same flood with its size limit lifted: the deadline stops the loop
    data = with_object_stream(objstm_content(), xref_extra=b"/Index[0 200000000]")
    with pytest.raises(pdf_guard.PdfLimitExceeded) as caught, \
            pdf_guard.bounded_reader(data, max_xref=10**12, max_seconds=0.5) as reader:
        len(reader.pages)
    assert caught.value.limit == "time"


def test_limits_only_apply_inside_the_guard():
    # other PyPDF2 users in the same process (Odoo reports) are not limited
    small = zlib.compress(bytes(2 * MB))
    check_pdf(objstm_pdf())  # installs the wrappers
    assert filters.decompress(small) == bytes(2 * MB)
