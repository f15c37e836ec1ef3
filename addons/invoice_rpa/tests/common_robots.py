"""A fake external RPA API (real HTTP on 127.0.0.1) and helpers to run robot jobs.

The fake speaks the three endpoints of the robot API; each job follows a script: it
answers "running" for ``polls`` polls, then its final answer (done with a base64 PDF by
default). It verifies the Bearer JWT and records which jobs are in flight on its side,
so tests can observe the real concurrency.
"""

import base64
import itertools
import threading

import jwt

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

from .common import RpaCase
from .common_files import make_pdf

API_SECRET = "rpa-api-secret-never-logged-0123456789"


class FakeRpaApi:
    """State of the fake robot: jobs, their polls, and the in-flight peak."""

    def __init__(self, polls=1, final=None, logs=("Opening the portal", "Invoice found")):
        self.server = FakeHTTPServer()
        self.polls = polls
        self.final = final or (lambda job: {"status": "done", "file_base64": base64.b64encode(make_pdf()).decode()})
        self.logs = list(logs)
        self.jobs = {}
        self.payloads = []
        self.in_flight = set()
        self.peak = 0
        self.bad_tokens = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server.add("POST", r"/executar/(?P<operator>[^/]+)", self._start)
        self.server.add("GET", r"/jobs/(?P<job>[^/]+)", self._status)
        self.server.add("GET", r"/jobs/(?P<job>[^/]+)/logs", self._logs)

    @property
    def url(self):
        return self.server.url

    def _authorised(self, request):
        token = (request.header("Authorization") or "").removeprefix("Bearer ")
        try:
            jwt.decode(token, API_SECRET, algorithms=["HS256"])
        except jwt.PyJWTError:
            self.bad_tokens += 1
            return False
        return True

    def _start(self, request):
        if not self._authorised(request):
            return Reply(status=401, json={"error": "bad token"})
        with self._lock:
            job_id = f"job-{next(self._ids)}"
            self.jobs[job_id] = {"polls": 0, "operator": request.match["operator"]}
            self.payloads.append(request.json())
            self.in_flight.add(job_id)
            self.peak = max(self.peak, len(self.in_flight))
        return Reply(status=201, json={"job_id": job_id, "status": "queued"})

    def _status(self, request):
        if not self._authorised(request):
            return Reply(status=401, json={"error": "bad token"})
        job_id = request.match["job"]
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None:
                return Reply(status=404, json={"error": "unknown job"})
            job["polls"] += 1
            if self.polls is not None and job["polls"] > self.polls:
                answer = self.final(job_id)
                if answer.get("status") in ("done", "failed"):
                    self.in_flight.discard(job_id)
                return Reply(json=answer)
        return Reply(json={"status": "running"})

    def _logs(self, request):
        job = self.jobs.get(request.match["job"])
        if job is None:
            return Reply(status=404, json={"error": "unknown job"})
        return Reply(json={"logs": [{"message": line} for line in self.logs[: job["polls"] + 1]]})


class RpaRobotCase(RpaCase):
    """RpaCase + the API secret in Settings and an outsourced operator pointing at a
    fresh fake robot (``self.api``, started per test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        cls.set_secret("api_token", API_SECRET)
        set_param("invoice_rpa.max_retries", "3")
        set_param("invoice_rpa.s3_bucket", "")  # invoices go to attachments here
        # the fake robot listens on loopback, refused unless allowed like an on-premise robot
        set_param("invoice_rpa.download_allowlist", "127.0.0.1")
        # demo operators (and so their processes) stay out of the robots' way
        cls.env["rpa.operator"].search([]).action_archive()
        cls.operator = cls.make_operators()
        cls.operator.write({"has_rpa": True, "rpa_outsourced": True})

    def start_api(self, **kwargs):
        api = FakeRpaApi(**kwargs)
        api.server.start()
        self.addCleanup(api.server.stop)
        self.operator.rpa_endpoint = api.url
        return api

    def make_processes(self, count=1, period="2026-11-01"):
        partners = self.make_clients(count, self.operator)
        return self.env["rpa.process"].create([
            {"partner_id": partner.id, "operator_id": self.operator.id, "period": period}
            for partner in partners
        ])

    def setUp(self):
        super().setUp()
        self.retries = []  # (delay in seconds, message) of every retry the jobs asked for

    def run_jobs(self, trap, after_each=None, rounds=None):
        """Perform the trapped jobs (and the ones they enqueue) as queue_job's runner does,
        ignoring their ETA: each in a savepoint. A job raising RetryableJobError is rolled
        back (jobs it enqueued included) and performed again next round; the delay the
        runner would wait (Retry-After, else the job function's retry_pattern) is noted in
        ``self.retries``. When its retries run out (FailedJobError), its on_fail hook runs
        with what the runner passes. ``after_each()`` runs after every job. With
        ``rounds``, stop after that many rounds even if jobs remain."""
        limit = rounds or 100
        for _ in range(limit):
            jobs, trap.enqueued_jobs = trap.enqueued_jobs, []
            if not jobs:
                return
            for job in sorted(jobs, key=lambda job: job.priority):
                self._perform_job(trap, job)
                if after_each:
                    after_each()
        if not rounds:
            self.fail(f"robot jobs still enqueued after {limit} rounds")

    def _perform_job(self, trap, job):
        enqueued = len(trap.enqueued_jobs)
        try:
            with self.env.cr.savepoint():
                job.perform()
        except RetryableJobError as error:
            del trap.enqueued_jobs[enqueued:]
            self.retries.append((job._get_retry_seconds(error.seconds), str(error)))
            trap.enqueued_jobs.append(job)
        except FailedJobError as error:
            del trap.enqueued_jobs[enqueued:]
            job.on_fail({"exc_info": "", "exc_name": f"{FailedJobError.__module__}.FailedJobError",
                         "exc_message": error.args[0]})

    def in_flight(self):
        return self.env["rpa.execution"].search_count([("status", "in", ("queued", "running"))])
