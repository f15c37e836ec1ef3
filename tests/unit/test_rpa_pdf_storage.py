"""Invoice PDFs: content checks, storage keys, and S3 storage against a local fake S3.

The fake S3 is the suite's real HTTP server on 127.0.0.1 (``fake_http``) answering
path-style S3 requests, so boto3's real requests, signing and error parsing are used.
"""

import datetime as dt
import io
import re

import pytest
from PyPDF2 import PdfWriter
from reportlab.pdfgen import canvas

from odoo.addons.invoice_rpa.tools.invoice_pdf import InvalidPdf, check_pdf, storage_key
from odoo.addons.invoice_rpa.tools.s3_storage import StorageError, delete_object, get_object, put_object
from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply

ACCESS_KEY = "AKIAFAKEACCESSKEY123"
SECRET_KEY = "fake/Secret+Key-0123456789abcdefghijklm"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64


def reportlab_pdf(pages=2):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawString(72, 720, f"Fatura OI - página {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pypdf_pdf(pages=1, user_password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if user_password is not None:
        writer.encrypt(user_password, "owner-password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- check_pdf ------------------------------------------------------------------


def test_real_pdfs_return_page_count():
    assert check_pdf(reportlab_pdf(pages=3)) == 3
    assert check_pdf(pypdf_pdf(pages=1)) == 1
    assert check_pdf(bytearray(pypdf_pdf(pages=2))) == 2


def test_header_after_short_preamble_is_accepted():
    assert check_pdf(b"\r\n  " + reportlab_pdf(pages=1)) == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (None, "empty"),
        (PNG, "not_pdf"),  # a PNG renamed to .pdf
        (b"Fatura de teste\nTotal: R$ 10,00\n" * 10, "not_pdf"),
        (b" " * 1024 + b"%PDF-1.4\n", "not_pdf"),  # header beyond the first 1024 bytes
        (b"%PDF-1.4\nhello\n%%EOF\n", "unreadable"),
    ],
    ids=["empty", "none", "png", "text", "late-header", "header-only"],
)
def test_rejected_content(data, code):
    with pytest.raises(InvalidPdf) as caught:
        check_pdf(data)
    assert caught.value.code == code
    assert caught.value.message == str(caught.value)


def test_truncated_pdf_is_unreadable():
    data = reportlab_pdf(pages=2)
    with pytest.raises(InvalidPdf) as caught:
        check_pdf(data[: len(data) // 2])
    assert caught.value.code == "unreadable"


def test_pdf_without_pages_is_unreadable():
    with pytest.raises(InvalidPdf, match="no pages") as caught:
        check_pdf(pypdf_pdf(pages=0))
    assert caught.value.code == "unreadable"


def test_password_protected_pdf():
    with pytest.raises(InvalidPdf, match="password") as caught:
        check_pdf(pypdf_pdf(user_password="user-password"))
    assert caught.value.code == "unreadable"
    # invoices often carry permissions with an empty user password: they open fine
    assert check_pdf(pypdf_pdf(pages=2, user_password="")) == 2


def test_size_cap():
    data = pypdf_pdf()
    assert check_pdf(data, max_size=len(data)) == 1
    with pytest.raises(InvalidPdf, match="limit") as caught:
        check_pdf(data, max_size=len(data) - 1)
    assert caught.value.code == "too_large"


# -- storage_key ------------------------------------------------------------------

NOW = dt.datetime(2025, 3, 7, 14, 5, 9)


def test_storage_key_format():
    key = storage_key("OI", "ACME", 2025, 2, "fatura.pdf", NOW)
    assert key == "pdfs/OI/ACME_2025_02_20250307140509_fatura.pdf"
    aware = dt.datetime(2025, 3, 7, 11, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=-3)))  # same instant
    assert storage_key("OI", "ACME", 2025, 2, "fatura.pdf", aware) == key


@pytest.mark.parametrize(
    ("operator", "client", "filename", "expected"),
    [
        (
            "VIVO", "Padaria São João Ltda.", "Fatura Março.PDF",
            "pdfs/VIVO/Padaria_Sao_Joao_Ltda_2025_12_20250307140509_Fatura_Marco.pdf",
        ),
        ("OI", "../../etc", "../../passwd", "pdfs/OI/etc_2025_12_20250307140509_passwd.pdf"),
        ("../OI", "c1", "C:\\Users\\ana\\inv.pdf.pdf", "pdfs/OI/c1_2025_12_20250307140509_inv.pdf"),
        ("EMBRATEL", "c 2", ".pdf", "pdfs/EMBRATEL/c_2_2025_12_20250307140509_invoice.pdf"),
        ("EMBRATEL", "c-3", "", "pdfs/EMBRATEL/c-3_2025_12_20250307140509_invoice.pdf"),
    ],
)
def test_storage_key_slugs(operator, client, filename, expected):
    key = storage_key(operator, client, 2025, 12, filename, NOW)
    assert key == expected
    assert re.fullmatch(r"pdfs/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+\.pdf", key)


def test_storage_key_long_names_are_capped():
    key = storage_key("OI", "x" * 500, 2025, 1, "y" * 500 + ".pdf", NOW)
    assert len(key) < 250


@pytest.mark.parametrize(
    ("operator", "client", "year", "month"),
    [("", "c", 2025, 1), ("OI", "///", 2025, 1), ("OI", "c", 2025, 13), ("OI", "c", 2025, 0), ("OI", "c", 99, 1)],
)
def test_storage_key_refuses_bad_parts(operator, client, year, month):
    with pytest.raises(ValueError):
        storage_key(operator, client, year, month, "f.pdf", NOW)


# -- S3 storage against a fake S3 -------------------------------------------------


def s3_error(status, code, message):
    body = f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message></Error>'
    return Reply(status=status, body=body.encode(), headers={"Content-Type": "application/xml"})


def creds(server, **extra):
    return {"endpoint_url": server.url, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "timeout": 2, **extra}


def test_put_then_get_roundtrip(fake_http):
    objects = {}

    def put(request):
        objects[request.path] = request.body
        return Reply(headers={"ETag": '"9b2cf535f27731c974343645a3985328"'})

    fake_http.add("PUT", r"/invoices/pdfs/.+", put)
    fake_http.add("GET", r"/invoices/pdfs/.+", lambda request: Reply(body=objects[request.path]))
    data = reportlab_pdf()
    key = storage_key("OI", "ACME", 2025, 2, "fatura.pdf", NOW)

    stored = put_object("invoices", key, data, region="sa-east-1", **creds(fake_http))

    assert stored == {"etag": "9b2cf535f27731c974343645a3985328", "key": key}
    [request] = fake_http.received("PUT")
    assert request.path == "/invoices/pdfs/OI/ACME_2025_02_20250307140509_fatura.pdf"  # path-style
    assert request.body == data
    assert request.header("Content-Type") == "application/pdf"
    authorization = request.header("Authorization")
    assert authorization.startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")
    assert "/sa-east-1/s3/" in authorization
    assert SECRET_KEY not in str(request.headers)
    assert get_object("invoices", key, **creds(fake_http)) == data


def test_delete(fake_http):
    fake_http.add("DELETE", r"/invoices/.+", Reply(status=204))
    assert delete_object("invoices", "pdfs/OI/x.pdf", **creds(fake_http)) is None
    assert [r.path for r in fake_http.received("DELETE")] == ["/invoices/pdfs/OI/x.pdf"]


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (s3_error(403, "AccessDenied", "Access Denied"), "denied"),
        (s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match"), "denied"),
        (s3_error(404, "NoSuchBucket", "The specified bucket does not exist"), "not_found"),
        (s3_error(400, "InvalidArgument", "Bad argument"), "error"),
    ],
)
def test_put_errors_are_classified(fake_http, reply, code):
    fake_http.add("PUT", r"/invoices/.+", reply)
    with pytest.raises(StorageError) as caught:
        put_object("invoices", "pdfs/OI/x.pdf", b"%PDF-1.4", **creds(fake_http))
    assert caught.value.code == code
    assert "s3://invoices/pdfs/OI/x.pdf" in caught.value.message
    assert SECRET_KEY not in str(caught.value)
    assert SECRET_KEY not in repr(caught.value.__cause__)


def test_get_missing_key_is_not_found(fake_http):
    fake_http.add("GET", r"/invoices/.+", s3_error(404, "NoSuchKey", "The specified key does not exist."))
    with pytest.raises(StorageError) as caught:
        get_object("invoices", "pdfs/OI/missing.pdf", **creds(fake_http))
    assert (caught.value.code, caught.value.status) == ("not_found", 404)


def test_server_error_is_retried_once_then_reported(fake_http):
    fake_http.add("PUT", r"/invoices/.+", s3_error(503, "SlowDown", "Reduce your request rate"))
    with pytest.raises(StorageError) as caught:
        put_object("invoices", "k.pdf", b"%PDF-1.4", **creds(fake_http))
    assert (caught.value.code, caught.value.status) == ("error", 503)
    assert fake_http.count("PUT") == 2  # two attempts in all, no retry loop beyond


def test_closed_port_is_unreachable():
    with FakeHTTPServer() as server:
        url = server.url
    with pytest.raises(StorageError) as caught:
        put_object("invoices", "k.pdf", b"%PDF-1.4", endpoint_url=url, access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    assert caught.value.code == "unreachable"
    assert SECRET_KEY not in str(caught.value) and ACCESS_KEY not in str(caught.value)


def test_slow_server_is_unreachable(fake_http):
    fake_http.add("GET", r"/invoices/.+", Reply(body=b"late", delay=1.0, close=True))
    with pytest.raises(StorageError) as caught:
        get_object("invoices", "k.pdf", **creds(fake_http, timeout=0.3))
    assert caught.value.code == "unreachable"


def test_missing_credentials_fail_before_any_request(fake_http):
    with pytest.raises(StorageError) as caught:
        put_object("invoices", "k.pdf", b"x", endpoint_url=fake_http.url, access_key="", secret_key=SECRET_KEY)
    assert caught.value.code == "denied"
    assert fake_http.count() == 0
