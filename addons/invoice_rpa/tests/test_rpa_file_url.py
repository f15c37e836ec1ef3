"""Robot file URLs are fetched without reaching the inside (SSRF): internal addresses are
refused unless allowed in Settings, redirects are checked again, and the error stored on
the run is the same generic text whatever happened (no port-scan oracle)."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from .common_files import closed_port, make_pdf
from .common_robots import RpaRobotCase

ALLOW_PARAM = "invoice_rpa.download_allowlist"


@tagged("post_install", "-at_install")
class TestRobotFileUrl(RpaRobotCase):
    def run_with_file_url(self, file_url, files=None):
        """One robot run whose job ends "done" with ``file_url(api)``, the fake robot
        serving ``files`` ({path: Reply}); returns the fake robot and the execution."""
        api = self.start_api(polls=0, final=lambda job: {"status": "done", "file_url": file_url(api)})
        for path, reply in (files or {}).items():
            api.server.add("GET", path, reply)
        process = self.make_processes()
        with trap_jobs() as trap, mute_logger("odoo.addons.invoice_rpa.models.rpa_execution"):
            process.action_run_download()
            self.run_jobs(trap)
        process.invalidate_recordset()
        return api, process.execution_ids

    def set_allow_list(self, value):
        self.env["ir.config_parameter"].sudo().set_param(ALLOW_PARAM, value)

    def test_allowed_on_premise_robot(self):
        # RpaRobotCase allows 127.0.0.1, as an administrator would for an on-premise robot
        api, execution = self.run_with_file_url(lambda api: f"{api.url}/files/one",
                                                {"/files/one": Reply(body=make_pdf())})
        self.assertEqual(api.server.count("GET", "/files/one"), 1)
        self.assertEqual(execution.status, "done", execution.error)

    def test_loopback_refused_without_allow_list(self):
        self.set_allow_list("")
        api, execution = self.run_with_file_url(lambda api: f"{api.url}/files/one")
        self.assertEqual(api.server.count("GET", "/files/one"), 0, "no request to a loopback address")
        self.assertEqual(execution.status, "failed")
        self.assertEqual(execution.process_id.state, "error")
        self.assertIn("could not be downloaded", execution.error)

    def test_internal_addresses_refused_and_errors_say_nothing_more(self):
        errors = set()
        for url in ("http://169.254.169.254/latest/meta-data/iam/", "http://10.0.0.7/f.pdf",
                    "http://192.168.1.1:8080/f.pdf", "http://[::ffff:127.0.0.1]/f.pdf"):
            _api, execution = self.run_with_file_url(lambda api, url=url: url)
            self.assertEqual(execution.status, "failed", url)
            self.assertNotIn(url.split("/")[2].strip("[]"), execution.error)
            errors.add(execution.error)
        # a closed port of an allowed host, an error page and a refused address look alike
        port = closed_port()
        _api, closed = self.run_with_file_url(lambda api: f"http://127.0.0.1:{port}/f.pdf")
        errors.add(closed.error)
        _api, answered = self.run_with_file_url(
            lambda api: f"{api.url}/files/secret", {"/files/secret": Reply(status=503, body=b"internal admin page")})
        errors.add(answered.error)
        self.assertEqual(len(errors), 1, errors)
        self.assertNotIn("internal admin page", answered.error)

    def test_redirect_to_an_internal_address(self):
        api, execution = self.run_with_file_url(
            lambda api: f"{api.url}/files/moved",
            {"/files/moved": Reply(status=302, headers={"Location": "http://169.254.169.254/"})})
        self.assertEqual(api.server.count("GET", "/files/moved"), 4)  # the first try and 3 retries
        self.assertEqual(execution.status, "failed")
        self.assertIn("could not be downloaded", execution.error)

    def test_allow_list_setting(self):
        settings = self.env["res.config.settings"].create({"invoice_rpa_download_allowlist": "10.0.5.0/24 robot.lan"})
        settings.execute()
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(ALLOW_PARAM), "10.0.5.0/24 robot.lan")
        with self.assertRaisesRegex(ValidationError, "http://robot.lan/x"):
            self.env["res.config.settings"].create({"invoice_rpa_download_allowlist": "http://robot.lan/x"})
        for user in (self.manager, self.user):
            self.assertNotIn("invoice_rpa_download_allowlist",
                             self.env["res.config.settings"].with_user(user).fields_get())
