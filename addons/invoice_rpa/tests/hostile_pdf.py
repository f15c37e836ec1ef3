"""Hostile PDFs built in code, a few KB to 1 MB each (plain Python: used by the Odoo
tests and by tests/unit)."""

import zlib

CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]%s>>"
MB = 1024 * 1024


def pages(kids=b"3 0 R", count=1):
    return b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, count)


def assemble(objects):
    """A PDF with a classic xref table; ``objects`` are the bodies of objects 1..n."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<<%s/Length %d>>\nstream\n%s\nendstream" % (extra, len(data), data)


def with_object_stream(objstm_data, objstm_extra=b"/Filter/FlateDecode", xref_extra=b""):
    """PDF 1.5 with the page (object 3) inside object stream 4 and an xref stream (5)."""
    header = b"3 0 "
    body = stream(objstm_data, b"/Type/ObjStm/N 1/First %d%s" % (len(header), objstm_extra))
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num, content in ((1, CATALOG), (2, pages()), (4, body)):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, content)
    offsets[5] = len(out)
    entries = b"".join((
        bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big"),
        bytes([1]) + offsets[1].to_bytes(4, "big") + bytes(2),
        bytes([1]) + offsets[2].to_bytes(4, "big") + bytes(2),
        bytes([2]) + (4).to_bytes(4, "big") + bytes(2),
        bytes([1]) + offsets[4].to_bytes(4, "big") + bytes(2),
        bytes([1]) + offsets[5].to_bytes(4, "big") + bytes(2),
    ))
    out += b"5 0 obj\n%s\nendobj\n" % stream(entries, b"/Type/XRef/Size 6/W[1 4 2]/Root 1 0 R" + xref_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


def objstm_content(padding_zeros=0):
    """zlib data of the object stream: the page, then ``padding_zeros`` zeros (a whole
    number of MB). The zeros are deflated once per MB and the block repeated (a full
    flush makes blocks independent), so a 1 GB bomb is built in a blink."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    prefix = b"3 0 " + PAGE % b""
    head = deflater.compress(prefix) + deflater.flush(zlib.Z_FULL_FLUSH)
    block = deflater.compress(bytes(MB)) + deflater.flush(zlib.Z_FULL_FLUSH)
    tail = deflater.flush()
    checksum = zlib.adler32(prefix)
    for _ in range(padding_zeros // MB):
        checksum = zlib.adler32(bytes(MB), checksum)
    return b"\x78\xda" + head + block * (padding_zeros // MB) + tail + checksum.to_bytes(4, "big")


def objstm_pdf(padding_zeros=0):
    deflated = objstm_content(padding_zeros)
    # the header ("3 0 ") is part of the deflated data: /First points past it
    return with_object_stream(deflated)


def deep_pdf(depth=100, opening=b"[", closing=b"]"):
    """One page whose dictionary holds ``depth`` nested arrays (or dictionaries)."""
    return assemble([CATALOG, pages(), PAGE % (b"/Deep " + opening * depth + closing * depth)])


def bomb_pdf(zeros_mb=1024):
    """A page in an object stream followed by ``zeros_mb`` MB of zeros (FlateDecode)."""
    return objstm_pdf(padding_zeros=zeros_mb * MB)
