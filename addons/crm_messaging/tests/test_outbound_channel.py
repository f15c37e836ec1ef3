"""The channel side of outbound delivery: circuit breaker and *Test connection*."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from odoo.addons.ops_base.tests.fake_http import Reply

from .common import API_KEY
from .common_outbound import OutboundMixin


@tagged("post_install", "-at_install")
class TestCircuitBreaker(OutboundMixin, TransactionCase):
    def queue_messages(self, count):
        jobs = []
        for index in range(count):
            outbound, trap = self.send(self.quo, body=f"Mensagem {index}")
            jobs.append((outbound, trap.enqueued_jobs[0]))
        return jobs

    def test_circuit_opens_after_5_failures_waits_and_first_success_closes_it(self):
        self.server.add("POST", "/v1/messages", Reply(status=503, json={"message": "Service Unavailable"}))
        jobs = self.queue_messages(7)
        for index, (_outbound, job) in enumerate(jobs[:5], start=1):
            self.assertEqual(self.run_job(job), 1)
            self.assertEqual(self.quo.consecutive_failures, index)
        self.assertEqual(self.server.count("POST", "/v1/messages"), 5)
        self.assertTrue(self.quo.circuit_open_until)
        self.assertEqual(self.quo.state, "error")
        self.assertIn("Service Unavailable", self.quo.last_error)

        # Open: the next jobs wait for the circuit (about 60 s), the provider is not called
        # and the wait does not count as a retry.
        outbound, job = jobs[5]
        delay = self.run_job(job)
        self.assertTrue(55 <= delay <= 60, delay)
        self.assertEqual(job.retry, 0)
        self.assertEqual(self.server.count("POST", "/v1/messages"), 5)
        self.assertEqual(outbound.state, "queued")

        # 61 s later a trial call goes through; it fails, so the circuit opens again.
        later = fields.Datetime.now() + timedelta(seconds=61)
        with freeze_time(later):
            self.assertEqual(self.run_job(job), 1)
            self.assertEqual(self.server.count("POST", "/v1/messages"), 6)
            self.assertEqual(self.quo.consecutive_failures, 6)
            self.assertGreater(self.quo.circuit_open_until, later)
            self.assertGreater(self.run_job(jobs[6][1]), 55)
            self.assertEqual(self.server.count("POST", "/v1/messages"), 6)

        # After that the provider is back: the first success closes the circuit.
        self.server.add("POST", "/v1/messages", Reply(status=202, json={"data": {"id": "ACback"}}))
        with freeze_time(later + timedelta(seconds=61)):
            self.assertIsNone(self.run_job(jobs[6][1]))
        self.assertEqual(self.server.count("POST", "/v1/messages"), 7)
        self.assertEqual(jobs[6][0].state, "sent")
        self.assertEqual(self.quo.consecutive_failures, 0)
        self.assertFalse(self.quo.circuit_open_until)
        self.assertEqual(self.quo.state, "connected")
        self.assertFalse(self.quo.last_error)

    def test_only_one_trial_call_when_the_circuit_expires(self):
        self.server.add("POST", "/v1/messages", Reply(status=500))
        for _outbound, job in self.queue_messages(5):
            self.run_job(job)
        with freeze_time(fields.Datetime.now() + timedelta(seconds=61)):
            self.assertEqual(self.quo._circuit_remaining(), 0, "the first job gets the trial call")
            self.assertGreaterEqual(self.quo._circuit_remaining(), 55, "the others keep waiting")
            self.quo._record_success()
            self.assertEqual(self.quo._circuit_remaining(), 0)

    def test_circuit_is_per_channel(self):
        self.server.add("POST", "/v1/messages", Reply(status=500))
        self.server.add("POST", "/send/text", Reply(json={"messageid": "W1"}))
        for _outbound, job in self.queue_messages(5):
            self.run_job(job)
        self.assertTrue(self.quo.circuit_open_until)
        outbound, trap = self.send(self.uazapi)
        self.assertIsNone(self.run_job(trap.enqueued_jobs[0]))
        self.assertEqual(outbound.state, "sent")
        self.assertFalse(self.uazapi.circuit_open_until)

    def test_manager_can_close_the_circuit(self):
        self.server.add("POST", "/v1/messages", Reply(status=500))
        for _outbound, job in self.queue_messages(5):
            self.run_job(job)
        self.quo.action_reset_circuit()
        self.assertFalse(self.quo.circuit_open_until)
        self.assertEqual(self.quo.consecutive_failures, 0)


@tagged("post_install", "-at_install")
class TestConnection(OutboundMixin, TransactionCase):
    def test_success_reports_latency_and_connects(self):
        self.server.add("GET", "/v1/phone-numbers", Reply(json={"data": []}))
        action = self.quo.action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertRegex(action["params"]["message"], r"answered in \d+ ms")
        self.assertEqual(self.quo.state, "connected")
        (request,) = self.server.received("GET", "/v1/phone-numbers")
        self.assertEqual(request.header("Authorization"), API_KEY)

    def test_each_type_calls_its_cheap_endpoint(self):
        endpoints = {
            self.uazapi: "/instance/status",
            self.chatwoot: "/api/v1/profile",
            self.sendgrid: "/v3/scopes",
        }
        for channel, path in endpoints.items():
            self.server.add("GET", path, Reply(json={}))
            self.assertEqual(channel.action_test_connection()["params"]["type"], "success")
            self.assertEqual(self.server.count("GET", path), 1)

    def test_failure_shows_the_provider_error_and_sets_error_state(self):
        body = {"errors": [{"message": "authorization required"}]}
        self.server.add("GET", "/v3/scopes", Reply(status=401, json=body))
        action = self.sendgrid.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("HTTP 401: authorization required", action["params"]["message"])
        self.assertNotIn(API_KEY, action["params"]["message"])
        self.assertEqual(self.sendgrid.state, "error")
        self.assertIn("authorization required", self.sendgrid.last_error)

    def test_only_managers_test_connections(self):
        user = new_test_user(self.env, login="msg_tester", groups="crm_messaging.group_messaging_user")
        with self.assertRaises(AccessError):
            self.quo.with_user(user).action_test_connection()
        self.assertEqual(self.server.count(), 0)
