"""Checks and cleans the photos drivers upload (plain Python + Pillow, no ORM).

A photo is accepted only when Pillow recognises its *content* as JPEG, PNG or WebP
(whatever the file name or the browser's Content-Type say), under a size cap. It is
then re-encoded: EXIF and every other metadata (GPS of the phone, owner, ...) are
dropped, the orientation is applied to the pixels, very large pictures are scaled down.

Not ``odoo.tools.image.image_process``: it would re-encode too, but it answers a bad
upload with a generic UserError rather than a reason the portal can show (format, size,
pixels), and with ``quality`` set it quantises PNGs to a palette, which would make the
blank-signature check below unreliable.
"""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_BYTES = 8 * 1024 * 1024
# Pixel counts read from the header and refused before anything is decoded (a small
# file may declare a huge picture: a decompression bomb). JPEG is decoded at a reduced
# scale (``draft``), so a 50 MP phone photo costs ~36 MB; PNG and WebP are decoded in
# full (4 bytes a pixel), hence their lower cap: 16 MP, 64 MB.
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 16_000_000, "WEBP": 16_000_000}
MAX_SIDE = 2560  # long side after re-encoding, plenty for a proof photo


def _open_formats():
    """The accepted formats this Pillow can read (``Image.open(formats=...)`` fails on a
    format whose plugin is not loaded)."""
    Image.init()
    return [fmt for fmt in ALLOWED_FORMATS if fmt in Image.OPEN]


class ImageError(ValueError):
    """An upload that is not an acceptable image; ``code`` names the problem."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def clean_image(data, max_bytes=MAX_BYTES):
    """Validate and re-encode an uploaded image.

    :param bytes data: the uploaded file
    :returns: ``(bytes, mimetype, extension)`` of the re-encoded image, without metadata
    :raises ImageError: ``empty``, ``too_large``, ``too_many_pixels``, ``not_image``, ``bad_format``
    """
    if not data:
        raise ImageError("empty", "empty file")
    if len(data) > max_bytes:
        raise ImageError("too_large", f"file of {len(data)} bytes, limit {max_bytes}")
    try:
        # only the formats accepted are even parsed (no PSD, TIFF, SVG... decoders)
        with Image.open(io.BytesIO(data), formats=_open_formats()) as probe:
            fmt = probe.format
            _check_pixels(fmt, probe.width, probe.height)
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=[fmt])
        if fmt == "JPEG":
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4 or 1/8 scale when larger
        image.load()
    except ImageError:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow's own cap (twice Image.MAX_IMAGE_PIXELS), hit when opening the header
        raise ImageError("too_many_pixels", f"too many pixels: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageError("not_image", f"not an image: {exc}") from exc
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        # JPEG for photos (WebP too: every browser and PDF tool reads JPEG)
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        fmt = "JPEG"
    return out.getvalue(), ALLOWED_FORMATS[fmt], "png" if fmt == "PNG" else "jpg"


def _check_pixels(fmt, width, height):
    if fmt not in ALLOWED_FORMATS:
        raise ImageError("bad_format", f"format {fmt} not accepted")
    if width * height > MAX_PIXELS[fmt]:
        raise ImageError("too_many_pixels", f"too many pixels: {width}x{height}, limit {MAX_PIXELS[fmt]}")


def signature_png(data, max_bytes=1024 * 1024):
    """A drawn signature (PNG from the signature pad's canvas), checked and re-encoded.

    :raises ImageError: as :func:`clean_image`, and ``bad_format`` for a non-PNG
    """
    cleaned, mimetype, _ext = clean_image(data, max_bytes=max_bytes)
    if mimetype != "image/png":
        raise ImageError("bad_format", "a signature must be a PNG")
    with Image.open(io.BytesIO(cleaned)) as image:
        # a blank pad: fully transparent, or a single colour
        ink = image.getchannel("A") if "A" in image.getbands() else ImageOps.invert(image.convert("L"))
        lo, hi = ink.getextrema()
        if hi in (0, lo):
            raise ImageError("empty", "blank signature")
    return cleaned
