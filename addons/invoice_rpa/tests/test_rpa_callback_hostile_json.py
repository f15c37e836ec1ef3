"""Callback bodies that json.loads accepts but the database or Python cannot take (found
by make fuzz): a clear 400, or the report recorded with the characters replaced."""

import json

from odoo.tests import HttpCase, tagged

from .common_robots import RpaRobotCase
from .test_rpa_callback import CALLBACK_TOKEN, URL


@tagged("post_install", "-at_install")
class TestCallbackHostileJson(RpaRobotCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.set_secret("callback_token", CALLBACK_TOKEN)
        self.process = self.make_processes()
        self.execution = self.env["rpa.execution"].create({
            "process_id": self.process.id, "runner": "api", "status": "running", "job_id": "cb-1",
        })

    def post(self, body):
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {CALLBACK_TOKEN}"}
        return self.url_open(URL, data=body, headers=headers)

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
