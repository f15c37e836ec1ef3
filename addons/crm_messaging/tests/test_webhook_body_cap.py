"""The webhook never buffers more than its body cap, even for a chunked body without
Content-Length (over real HTTP: ``HttpCase`` serves in this process, so this process'
memory is the server's)."""

import logging

from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from odoo.addons.ops_base.tests.chunked_http import PeakRss, post_chunked

from .common import MessagingKeyMixin

_logger = logging.getLogger(__name__)
MB = 1024 * 1024


@tagged("post_install", "-at_install")
class TestWebhookBodyCap(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uazapi = cls.make_channel("uazapi")

    def post(self, total_bytes):
        with self.allow_requests():
            cookie = f"{TEST_CURSOR_COOKIE_NAME}={self.opener.cookies[TEST_CURSOR_COOKIE_NAME]}"
            return post_chunked(
                f"{self.base_url()}/webhook/uazapi/{self.uazapi.id}",
                total_bytes,
                headers={"Cookie": cookie},
            )

    def test_chunked_body_above_the_cap_is_413_with_bounded_memory(self):
        self.post(2 * MB)  # warm-up: imports, caches, the thread pool
        with PeakRss() as rss:
            result = self.post(50 * MB)
        _logger.info(
            "50 MB chunked post: %s after %d bytes sent, server memory +%.1f MB",
            result.status,
            result.sent,
            rss.growth / MB,
        )
        self.assertEqual((result.status, result.json()), (413, {"error": "payload_too_large"}))
        self.assertLess(rss.growth, 8 * MB, f"server memory grew by {rss.growth / MB:.1f} MB")
        self.assertLess(result.sent, 20 * MB, "the server answered before reading the whole body")
        self.assertFalse(self.env["messaging.inbox"].search([("channel_id", "=", self.uazapi.id)]))
