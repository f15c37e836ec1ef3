import io
import struct
import zlib

from PIL import Image

from odoo.tests import tagged

from .common import DriverPortalCase


def png_declaring(width, height, rows=1):
    """A tiny PNG whose header declares ``width`` x ``height`` (8-bit greyscale) and
    whose data holds ``rows`` zero rows, compressed: a few hundred bytes at most."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(compressor.compress(row) for _ in range(rows)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1048576


@tagged("post_install", "-at_install")
class TestPhotoLimits(DriverPortalCase):
    """Decompression bombs: pictures declaring more pixels than a proof photo needs are
    refused from their header, with a clear answer, without decoding them."""

    def setUp(self):
        super().setUp()
        self.stop = self.make_stop(self.driver_a)
        self.login_a()

    def test_png_bombs_refused_before_decoding(self):
        before = self.snapshot(self.stop)
        # 10^10 pixels (beyond Pillow's own cap) and 25 M pixels (under it, 5000x5000 zeros
        # fully compressed: ~25 KB that would decode to 25 MB+)
        for width, height, rows in ((100_000, 100_000, 1), (5000, 5000, 5000)):
            bomb = png_declaring(width, height, rows)
            self.assertLess(len(bomb), 64 * 1024)
            start = rss_mb()
            reply = self.deliver(self.stop, as_json=True, photos=[("photos", ("bomb.png", bomb, "image/png"))])
            self.assertEqual(reply.status_code, 400, reply.text)
            self.assertEqual(reply.json()["code"], "image_too_many_pixels")
            self.assertIn("bomb.png has too many pixels", reply.json()["message"])
            self.assertLess(rss_mb() - start, 20, "the picture was not decoded")
        html = self.deliver(self.stop, photos=[("photos", ("bomb.png", png_declaring(100_000, 100_000), "image/png"))])
        self.assertEqual(html.status_code, 400)
        self.assertIn("too many pixels", html.text)
        self.assertEqual(self.snapshot(self.stop), before)

    def test_large_jpeg_decoded_at_reduced_scale(self):
        """A 48 MP phone photo passes, decoded at a reduced scale, stored scaled down
        (2560 px here, then Odoo's own attachment cap, 1920 px by default)."""
        photo = io.BytesIO()
        Image.new("RGB", (8000, 6000), (90, 140, 60)).save(photo, "JPEG", quality=60)
        reply = self.deliver(self.stop, photos=[("photos", ("big.jpg", photo.getvalue(), "image/jpeg"))])
        self.assertEqual(reply.status_code, 303, reply.text[:300])
        with Image.open(io.BytesIO(self.stop.delivery_photo_ids.raw)) as stored:
            self.assertLessEqual(max(stored.size), 2560)
            self.assertEqual(stored.size[0] * 3, stored.size[1] * 4)
