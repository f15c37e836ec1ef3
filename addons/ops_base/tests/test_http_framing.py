from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from .chunked_http import post_chunked


@tagged("post_install", "-at_install")
class TestHttpFraming(HttpCase):
    """Malformed request framing gets a 400, never a 500 with a traceback (found by
    tools/fuzz.sh)."""

    def _post(self, path, content_type):
        return self.opener.post(self.base_url() + path, data=b"--x\r\n\r\n--x--\r\n",
                                headers={"Content-Type": content_type}, timeout=30, allow_redirects=False)

    def test_multipart_without_boundary(self):
        for path in ("/web/login", "/ops_base/no/such/page"):
            for content_type in ("multipart/form-data; boundary=", "multipart/form-data"):
                with self.subTest(path=path, content_type=content_type):
                    self.assertEqual(self._post(path, content_type).status_code, 400)

    def test_multipart_with_boundary_still_served(self):
        response = self._post("/ops_base/no/such/page", "multipart/form-data; boundary=x")
        self.assertEqual(response.status_code, 404)

    def test_nul_in_path(self):
        for path in ("/web/login%00", "/ops_base/no/such/page%00"):
            with self.subTest(path=path):
                response = self.opener.get(self.base_url() + path, timeout=30, allow_redirects=False)
                self.assertEqual(response.status_code, 400)

    def test_parameter_named_self(self):
        response = self.opener.get(self.base_url() + "/web/login?self=1", timeout=30, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        response = self.opener.get(self.base_url() + "/web/login?selfish=1", timeout=30, allow_redirects=False)
        self.assertEqual(response.status_code, 200)

    def test_chunked_upload_capped_at_the_upload_limit(self):
        """Werkzeug checks the upload limit against Content-Length only: a chunked
        multipart body (a driver's photos, any form) is cut at the limit with a 413."""
        self.env["ir.config_parameter"].sudo().set_param("web.max_file_upload_size", 1024 * 1024)
        total = 16 * 1024 * 1024
        with self.allow_requests():  # the test cursor's cookie, for a request made by hand
            cookie = f"{TEST_CURSOR_COOKIE_NAME}={self.opener.cookies[TEST_CURSOR_COOKIE_NAME]}"
            headers = {"Cookie": cookie, "Content-Type": "multipart/form-data; boundary=x"}
            result = post_chunked(self.base_url() + "/web/login", total, headers=headers)
            small = post_chunked(self.base_url() + "/web/login", 256 * 1024, headers=headers)
        self.assertEqual(result.status, 413)
        self.assertLess(result.sent, total, "the server answered before reading the whole body")
        self.assertNotIn(small.status, (413, 500))
