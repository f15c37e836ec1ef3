import base64
import json

from odoo import SUPERUSER_ID
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from .common_files import make_pdf
from .common_robots import API_SECRET, RpaRobotCase

CALLBACK_TOKEN = "callback-token-0123456789-abcdefghij"
URL = "/invoice_rpa/callback"


@tagged("post_install", "-at_install")
class TestCallback(RpaRobotCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.set_secret("callback_token", CALLBACK_TOKEN)
        self.process = self.make_processes()
        self.execution = self.env["rpa.execution"].create({
            "process_id": self.process.id, "runner": "api", "status": "running", "job_id": "cb-1",
        })

    def post(self, body, token=CALLBACK_TOKEN, trap=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        response = self.url_open(URL, data=data, headers=headers)
        if trap:
            # the jobs were built on the request's (closed) cursor: rebind them to the
            # test's, keeping their user, the superuser, as the job runner would
            for job in trap.enqueued_jobs:
                self.assertEqual(job.recordset.env.uid, SUPERUSER_ID)
                job.recordset = job.recordset.with_env(self.env(user=SUPERUSER_ID))
        return response

    def assert_unchanged(self):
        self.execution.invalidate_recordset()
        self.assertEqual(self.execution.status, "running")
        self.assertFalse(self.execution.callback_date)
        self.assertEqual(self.process.state, "waiting_download")

    def done_body(self, **extra):
        return dict({"job_id": "cb-1", "status": "done",
                     "file_base64": base64.b64encode(make_pdf()).decode()}, **extra)

    def test_tokens(self):
        for token, code in ((None, "missing_token"), ("wrong", "invalid_token"), (API_SECRET, "invalid_token")):
            response = self.post(self.done_body(), token=token)
            self.assertEqual(response.status_code, 401, token)
            self.assertEqual(response.json(), {"error": code})
        self.assert_unchanged()

    def test_api_secret_is_never_the_callback_token(self):
        # without a callback token of their own, callbacks are refused: the RPA API's JWT
        # secret (held by the robot API too) is not a fallback
        self.set_secret("callback_token", "")
        response = self.post({"job_id": "cb-1", "status": "running"}, token=API_SECRET)
        self.assertEqual((response.status_code, response.json()), (503, {"error": "not_configured"}))
        self.assert_unchanged()

    def test_not_configured(self):
        self.set_secret("callback_token", "")
        self.set_secret("api_token", "")
        response = self.post(self.done_body(), token="anything")
        self.assertEqual((response.status_code, response.json()), (503, {"error": "not_configured"}))

    def test_malformed_bodies(self):
        cases = [
            ("{not json", {"error": "malformed_json"}),
            ("[1, 2]", {"error": "malformed_json"}),
            ({"status": "done"}, {"error": "missing_field", "field": "job_id"}),
            ({"job_id": "cb-1"}, {"error": "missing_field", "field": "status"}),
            ({"job_id": "cb-1", "status": "done"}, {"error": "missing_field", "field": "file_url"}),
            ({"job_id": "cb-1", "status": "done", "file_url": "ftp://x"},
             {"error": "missing_field", "field": "file_url"}),
            (self.done_body(file_base64="%%%"), {"error": "invalid_pdf"}),
            (self.done_body(file_base64=base64.b64encode(b"plain text").decode()), {"error": "invalid_pdf"}),
            ({"job_id": "cb-1", "status": "running", "logs": "x"}, {"error": "invalid_field", "field": "logs"}),
        ]
        for body, expected in cases:
            response = self.post(body)
            self.assertEqual((response.status_code, response.json()), (400, expected), body)
        self.assert_unchanged()

    def test_unknown_job(self):
        response = self.post(self.done_body(job_id="nope"))
        self.assertEqual((response.status_code, response.json()), (404, {"error": "unknown_job"}))
        self.assert_unchanged()

    def test_base64_done_then_duplicate(self):
        with trap_jobs() as trap:
            response = self.post(self.done_body(logs=["Downloaded"], filename="fatura.pdf"), trap=trap)
            self.assertEqual((response.status_code, response.json()), (202, {"status": "accepted"}))
            self.assertEqual(trap.jobs_count(), 1)
            self.assertEqual(self.process.state, "waiting_download", "nothing stored during the request")
            self.run_jobs(trap)
        self.execution.invalidate_recordset()
        self.assertEqual(self.execution.status, "done")
        self.assertIn("Downloaded", self.execution.log)
        self.assertEqual(self.process.state, "waiting_approval")
        self.assertEqual(self.process.original_filename, "fatura.pdf")
        self.assertEqual(self.process.attachment_id.raw, make_pdf())
        temporary = self.env["ir.attachment"].search([("res_model", "=", "rpa.execution")])
        self.assertFalse(temporary, "the temporary attachment is gone")
        before = (self.execution.write_date, self.execution.log, self.process.attachment_id)
        with trap_jobs() as trap:
            response = self.post(self.done_body(), trap=trap)
            self.assertEqual((response.status_code, response.json()), (200, {"status": "duplicate"}))
            self.assertEqual(trap.jobs_count(), 0)
        self.execution.invalidate_recordset()
        self.assertEqual((self.execution.write_date, self.execution.log, self.process.attachment_id), before)

    def test_duplicate_before_the_job_ran(self):
        with trap_jobs() as trap:
            self.assertEqual(self.post(self.done_body(), trap=trap).status_code, 202)
            self.assertEqual(self.post(self.done_body(), trap=trap).json(), {"status": "duplicate"})
            self.assertEqual(trap.jobs_count(), 1)

    def test_file_url_fetched_in_a_job(self):
        with FakeHTTPServer() as files, trap_jobs() as trap:
            files.add("GET", "/f/1", Reply(body=make_pdf(), headers={"Content-Type": "application/pdf"}))
            response = self.post({"job_id": "cb-1", "status": "success", "file_url": f"{files.url}/f/1"}, trap=trap)
            self.assertEqual(response.status_code, 202)
            self.assertEqual(files.count(), 0, "no download during the request")
            self.run_jobs(trap)
            self.assertEqual(files.count("GET", "/f/1"), 1)
            # a file on another host than the RPA API never receives the API's token
            self.assertIsNone(files.received()[0].header("Authorization"))
        self.execution.invalidate_recordset()
        self.assertEqual(self.execution.status, "done", self.execution.error)
        self.assertEqual(self.process.state, "waiting_approval")

    def test_file_url_to_an_internal_address_is_not_fetched(self):
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.download_allowlist", "")
        with FakeHTTPServer() as files, trap_jobs() as trap:
            files.add("GET", "/f/1", Reply(body=make_pdf()))
            for url in (f"{files.url}/f/1", "http://169.254.169.254/latest/meta-data/"):
                self.execution.callback_date = False
                response = self.post({"job_id": "cb-1", "status": "success", "file_url": url}, trap=trap)
                self.assertEqual(response.status_code, 202)
                with mute_logger("odoo.addons.invoice_rpa.models.rpa_execution"):
                    self.run_jobs(trap)
                self.execution.invalidate_recordset()
                self.assertEqual(self.execution.status, "failed")
                self.assertIn("could not be downloaded", self.execution.error)
                self.execution.status = "running"
            self.assertEqual(files.count(), 0, "loopback is not reached without the allow-list")

    def test_failure_reported(self):
        response = self.post({"job_id": "cb-1", "status": "failed", "error": "Portal down"})
        self.assertEqual((response.status_code, response.json()), (200, {"status": "recorded"}))
        self.execution.invalidate_recordset()
        self.assertEqual(self.execution.status, "failed")
        self.assertEqual(self.execution.error, "Portal down")
        self.assertEqual(self.process.state, "error")

    # JSON that json.loads accepts but the database or Python cannot take (found by make fuzz)
    def test_nested_too_deep_is_malformed(self):
        response = self.post(b"[" * 100_000 + b"]" * 100_000)
        self.assertEqual(response.status_code, 400, response.text[:200])
        self.assertEqual(response.json()["error"], "malformed_json")

    def test_nul_and_lone_surrogate_are_replaced(self):
        response = self.post(json.dumps({"job_id": "cb-1\u0000", "status": "running"}).encode())
        self.assertEqual(response.status_code, 404, response.text[:200])
        self.assertEqual(response.json()["error"], "unknown_job")
        body = {"job_id": "cb-1", "status": "failed", "error": "boom\u0000\ud800", "logs": ["a\u0000b"]}
        response = self.post(json.dumps(body).encode())
        self.assertEqual(response.status_code, 200, response.text[:200])
        self.execution.invalidate_recordset()
        self.assertEqual(self.execution.status, "failed")
        self.assertIn("a\ufffdb", self.execution.log)
