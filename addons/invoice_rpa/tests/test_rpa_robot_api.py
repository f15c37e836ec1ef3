import datetime as dt

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.ops_base.tools.http import MAX_RETRY_AFTER
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

from .common_files import make_pdf
from .common_robots import API_SECRET, RpaRobotCase


@tagged("post_install", "-at_install")
class TestRobotApi(RpaRobotCase):
    def run_one(self, process, api):
        with trap_jobs() as trap:
            process.action_run_download()
            self.run_jobs(trap)
        process.invalidate_recordset()
        return process.execution_ids

    def test_success_base64(self):
        api = self.start_api(polls=1)
        process = self.make_processes()
        with trap_jobs() as trap:
            process.action_run_download()
            execution = process.execution_ids
            self.assertEqual(execution.status, "queued")
            self.assertEqual(trap.jobs_count(), 1)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.invoice_rpa")
            self.assertEqual(trap.enqueued_jobs[0].recordset.env.uid, SUPERUSER_ID)
            self.run_jobs(trap)
        self.assertEqual(execution.status, "done")
        self.assertEqual(execution.job_id, "job-1")
        self.assertTrue(execution.end_date)
        self.assertEqual(self.retries, [])
        self.assertEqual(process.state, "waiting_approval")
        self.assertEqual(process.attachment_id.raw, make_pdf())
        self.assertEqual(api.bad_tokens, 0)
        payload = api.payloads[0]
        self.assertEqual(payload["period"], "2026-11")
        self.assertEqual(payload["process_id"], process.id)
        self.assertEqual(payload["accounts"][0]["account_number"], f"ACC-{process.partner_id.id}-{self.operator.id}")
        self.assertTrue(payload["callback_url"].endswith("/invoice_rpa/callback"))
        self.assertEqual(api.jobs["job-1"]["operator"], self.operator.code)
        # each robot line copied once, although the logs were read twice
        self.assertEqual(execution.log.count("Opening the portal"), 1)
        self.assertEqual(execution.log.count("Invoice found"), 1)
        self.assertNotIn(API_SECRET, execution.log)
        self.assertEqual(execution.log_line_count, 2)

    def test_success_file_url(self):
        api = self.start_api(polls=0, final=lambda job: {"status": "done", "file_url": f"{api.url}/files/{job}"})
        api.server.add("GET", r"/files/(?P<job>[^/]+)", Reply(
            body=make_pdf(title="Via URL"),
            headers={"Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="fatura_oi.pdf"'}))
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "done", execution.error)
        self.assertEqual(process.original_filename, "fatura_oi.pdf")
        self.assertEqual(process.attachment_id.raw, make_pdf(title="Via URL"))
        # the file lives on the API's own host: the download carries the API's token
        self.assertTrue(api.server.received("GET", "/files/job-1")[0].header("Authorization"))

    def test_5xx_then_success(self):
        """Retryable failures (5xx, a dropped connection) make the job raise queue_job's
        RetryableJobError: it runs again after its job function's retry_pattern."""
        api = self.start_api(polls=1)
        busy = Reply(status=503, json={"error": "busy"})
        api.server.queue("POST", r"/executar/(?P<operator>[^/]+)", busy, api._start)
        api.server.queue("GET", r"/jobs/(?P<job>job-1)", Reply(close=True), Reply(status=502), api._status)
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "done", execution.error)
        self.assertEqual(api.server.count("POST"), 2)
        # start: 1st retry; poll: 1st then 2nd retry (data/queue_job_data.xml)
        self.assertEqual([delay for delay, _message in self.retries], [30, 30, 60])
        self.assertIn("HTTP 503: busy", self.retries[0][1])
        self.assertIn("connection failed", self.retries[1][1])
        self.assertEqual(process.state, "waiting_approval")

    def test_retry_after_is_honoured_and_capped(self):
        api = self.start_api(polls=0)
        api.server.queue("POST", r"/executar/(?P<operator>[^/]+)",
                         Reply(status=429, headers={"Retry-After": "7"}),
                         Reply(status=503, headers={"Retry-After": "86400"}), api._start)
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "done", execution.error)
        self.assertEqual([delay for delay, _message in self.retries], [7, MAX_RETRY_AFTER])

    def test_5xx_until_retries_run_out(self):
        api = self.start_api()
        api.server.add("POST", r"/executar/(?P<operator>[^/]+)", Reply(status=500, json={"error": "down"}))
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertEqual(api.server.count("POST"), 4)  # the first try and 3 retries (Settings)
        self.assertEqual([delay for delay, _message in self.retries], [30, 60, 120])
        self.assertIn("gave up", execution.error)
        self.assertIn("HTTP 500: down", execution.error)
        self.assertEqual(process.state, "error")
        self.assertFalse(self.in_flight(), "the slot is free again")

    def test_4xx_fails_without_retry(self):
        api = self.start_api()
        api.server.add("POST", r"/executar/(?P<operator>[^/]+)", Reply(status=422, json={"error": "unknown account"}))
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertEqual(self.retries, [])
        self.assertEqual(api.server.count("POST"), 1)
        self.assertIn("HTTP 422", execution.error)
        self.assertIn("unknown account", execution.error)
        self.assertEqual(process.state, "error")

    def test_token_echoed_by_the_robot_is_scrubbed(self):
        api = self.start_api()
        tokens = []

        def refuse(request):
            tokens.append(request.header("Authorization").removeprefix("Bearer "))
            return Reply(status=403, json={"error": f"token {tokens[-1]} refused"})

        api.server.add("POST", r"/executar/(?P<operator>[^/]+)", refuse)
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertIn("HTTP 403: token *** refused", execution.error)
        self.assertNotIn(tokens[0], execution.error + (execution.log or ""))
        self.assertNotIn(API_SECRET, execution.error)

    def test_robot_reports_failure(self):
        api = self.start_api(polls=0, final=lambda job: {"status": "error", "error": "Captcha not solved"})
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertEqual(execution.error, "Captcha not solved")
        self.assertEqual(process.state, "error")

    def test_recorded_errors_never_show_url_credentials(self):
        error = "Login failed at https://robot:portal-pw-777@portal.example/login?session=sess-888&lang=pt"
        api = self.start_api(polls=0, final=lambda job: {"status": "failed", "error": error}, logs=(
            "Opening https://robot:portal-pw-777@portal.example/login?session=sess-888",))
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertEqual(execution.error, "Login failed at https://***@portal.example/login?session=***&lang=***")
        for secret in ("portal-pw-777", "sess-888"):
            self.assertNotIn(secret, execution.error + execution.log)

    def test_robot_sends_no_pdf(self):
        api = self.start_api(polls=0, final=lambda job: {"status": "done", "file_base64": "bm90IGEgcGRm"})
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertIn("not a PDF", execution.error)
        self.assertEqual(process.state, "error")
        self.assertFalse(process.attachment_id)

    def test_never_finishing_times_out(self):
        api = self.start_api(polls=None)  # running forever
        process = self.make_processes()
        with trap_jobs() as trap:
            process.action_run_download()
            execution = process.execution_ids
            self.run_jobs(trap, rounds=3)  # start, then two polls: still running
            self.assertEqual(execution.status, "running")
            polls = api.server.count("GET", r"/jobs/job-1")
            # 31 minutes later (the default timeout is 30)
            execution.start_date = execution.start_date - dt.timedelta(minutes=31)
            self.run_jobs(trap)
        self.assertEqual(execution.status, "timeout")
        self.assertIn("30 minutes", execution.error)
        self.assertEqual(process.state, "error")
        self.assertEqual(api.server.count("GET", r"/jobs/job-1"), polls, "a timed-out job is not polled again")

    def test_watchdog_times_out_lost_runs(self):
        self.start_api()
        process = self.make_processes()
        with trap_jobs():
            process.action_run_download()  # the start job is never run (lost)
        execution = process.execution_ids
        self.assertFalse(self.env["rpa.execution"]._check_timeouts())
        execution.start_date = execution.start_date - dt.timedelta(minutes=45)
        self.assertEqual(self.env["rpa.execution"]._check_timeouts(), execution)
        self.assertEqual(execution.status, "timeout")
        self.assertEqual(process.state, "error")

    def test_missing_secret_fails_cleanly(self):
        api = self.start_api()
        self.set_secret("api_token", "")
        process = self.make_processes()
        execution = self.run_one(process, api)
        self.assertEqual(execution.status, "failed")
        self.assertIn("secret is not configured", execution.error)
        self.assertEqual(api.server.count(), 0)

    def test_concurrency_limit(self):
        """Limit 2, 10 pending processes: never more than 2 runs in flight, on our side
        (queued/running executions) as on the robot's (started, not finished jobs)."""
        api = self.start_api(polls=2)
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.concurrency_limit", "2")
        processes = self.make_processes(10)
        peaks = []
        with trap_jobs() as trap:
            processes.action_run_download()
            self.assertEqual(self.in_flight(), 2)
            self.assertEqual(len(processes.filtered("download_requested_at")), 8)
            self.run_jobs(trap, after_each=lambda: peaks.append(self.in_flight()))
        self.assertLessEqual(max(peaks), 2)
        self.assertEqual(api.peak, 2, "the robot ran two jobs at once, never more")
        self.assertEqual(len(api.jobs), 10)
        self.assertEqual(set(processes.mapped("state")), {"waiting_approval"})
        self.assertEqual(set(processes.execution_ids.mapped("status")), {"done"})
        self.assertFalse(processes.filtered("download_requested_at"))

    def test_run_download_refusals(self):
        self.start_api()
        process = self.make_processes()
        manual_operator = self.make_operators()
        manual_operator.has_rpa = False
        manual = self.make_process(operator_id=manual_operator.id)
        with self.assertRaisesRegex(UserError, "No robot"):
            manual.action_run_download()
        process.with_context(tracking_disable=True)._transition("waiting_approval")
        with self.assertRaisesRegex(UserError, "Only processes waiting"):
            process.action_run_download()
        self.assertFalse(process.execution_ids)

    def test_run_again_after_error(self):
        api = self.start_api()
        api.server.queue("POST", r"/executar/(?P<operator>[^/]+)", Reply(status=400, json={"error": "bad"}), api._start)
        process = self.make_processes()
        first = self.run_one(process, api)
        self.assertEqual(process.state, "error")
        with trap_jobs() as trap:
            first.action_run_again()
            self.assertEqual(process.state, "waiting_download")
            self.run_jobs(trap)
        self.assertEqual(len(process.execution_ids), 2)
        self.assertEqual(process.state, "waiting_approval")
        self.assertEqual((process.execution_ids - first).status, "done")

    def test_plain_rpa_user_runs_download_and_outsider_cannot(self):
        api = self.start_api(polls=0)
        process = self.make_processes()
        with trap_jobs() as trap:
            process.with_user(self.user).action_run_download()
            self.run_jobs(trap)
        self.assertEqual(process.execution_ids.status, "done", process.execution_ids.error)
        self.assertEqual(len(api.jobs), 1)
        outsider = new_test_user(self.env, login="rpa_outsider", groups="base.group_user")
        other = self.make_processes()
        with self.assertRaises(AccessError), trap_jobs() as trap:
            other.with_user(outsider).action_run_download()
        self.assertFalse(other.execution_ids)

    def test_crashed_job_fails_the_run(self):
        """A robot job that crashes for good (queue_job gave up) fails its run through the
        job function's on_fail hook; the process goes to error."""
        self.start_api()
        process = self.make_processes()
        with trap_jobs():
            process.action_run_download()
        execution = process.execution_ids
        # a real (stored) job, as the runner would load it
        job = execution._robot_delay()._job_poll()
        loaded = Job.load(self.env, job.uuid)
        self.assertEqual(loaded.on_fail_method_name, "_job_on_fail")
        self.assertEqual(loaded.channel, "root.invoice_rpa")
        # retries: as many as Settings say after the first try, timed by the job function
        self.assertEqual(loaded.max_retries, 4)
        self.assertEqual(loaded.job_config.retry_pattern, {1: 30, 2: 60, 3: 120, 4: 240, 5: 480, 6: 900})
        loaded.on_fail({"exc_name": "psycopg2.OperationalError", "exc_message": "server closed the connection"})
        self.assertEqual(execution.status, "failed")
        self.assertIn("server closed the connection", execution.error)
        self.assertEqual(process.state, "error")
