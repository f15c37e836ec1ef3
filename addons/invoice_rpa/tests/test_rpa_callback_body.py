"""The robot callback never buffers more than its body cap, even for a chunked body
without Content-Length (over real HTTP)."""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from odoo.addons.ops_base.tests.chunked_http import post_chunked

from ..controllers.callback import MAX_BODY_BYTES
from .common_robots import RpaRobotCase
from .test_rpa_callback import CALLBACK_TOKEN, URL


@tagged("post_install", "-at_install")
class TestCallbackBodyCap(RpaRobotCase, HttpCase):
    def test_chunked_body_above_the_cap_is_413_before_it_is_read(self):
        self.set_secret("callback_token", CALLBACK_TOKEN)
        total = MAX_BODY_BYTES + 24 * 1024 * 1024
        with self.allow_requests():
            cookie = f"{TEST_CURSOR_COOKIE_NAME}={self.opener.cookies[TEST_CURSOR_COOKIE_NAME]}"
            result = post_chunked(
                f"{self.base_url()}{URL}",
                total,
                headers={"Cookie": cookie, "Authorization": f"Bearer {CALLBACK_TOKEN}"},
            )
        self.assertEqual((result.status, result.json()), (413, {"error": "payload_too_large"}))
        self.assertLess(result.sent, total, "the server answered before reading the whole body")
