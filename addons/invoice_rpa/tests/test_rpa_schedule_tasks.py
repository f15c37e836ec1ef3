import datetime as dt

from odoo.tests import freeze_time, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common_robots import RpaRobotCase


@tagged("post_install", "-at_install")
class TestScheduleTasks(RpaRobotCase):
    def make_schedule(self, **vals):
        return self.env["rpa.schedule"].with_user(self.manager).create(dict(
            {"name": "Robot schedule", "cron_expression": "*/30 * * * *", "timezone": "UTC"}, **vals))

    def test_run_downloads_respects_its_limit(self):
        api = self.start_api(polls=1)
        pending = self.make_processes(5)
        failed = self.make_processes(1)
        failed._transition("error")
        manual_operator = self.make_operators()
        manual_operator.has_rpa = False
        manual = self.make_process(operator_id=manual_operator.id)
        schedule = self.make_schedule(task_type="run_downloads", concurrency_limit=2)
        peaks = []
        with trap_jobs() as trap:
            schedule.action_run_now()
            self.assertFalse(schedule.last_error)
            self.assertIn("5 downloads requested, 2 started", schedule.last_result)
            self.run_jobs(trap, after_each=lambda: peaks.append(self.in_flight()))
        self.assertLessEqual(max(peaks), 2)
        self.assertEqual(api.peak, 2)
        self.assertEqual(set(pending.mapped("state")), {"waiting_approval"})
        self.assertEqual(failed.state, "error", "only pending processes")
        self.assertFalse(manual.execution_ids, "no robot for this operator")
        # without "only pending", failed processes are retried too
        schedule.only_pending = False
        with trap_jobs() as trap:
            schedule.action_run_now()
            self.assertIn("1 downloads requested, 1 started", schedule.last_result)
            self.run_jobs(trap)
        self.assertEqual(failed.state, "waiting_approval")

    def test_run_downloads_times_out_stale_runs(self):
        self.start_api()
        process = self.make_processes()
        with trap_jobs():
            process.action_run_download()
        process.execution_ids.start_date = dt.datetime.now() - dt.timedelta(hours=2)
        schedule = self.make_schedule(task_type="run_downloads", only_pending=False)
        with trap_jobs() as trap:
            schedule.action_run_now()
            self.assertIn("1 timed out", schedule.last_result)
            self.assertEqual(trap.jobs_count(), 1, "the timed-out process is downloaded again")
        self.assertEqual(process.execution_ids.sorted("id").mapped("status"), ["timeout", "queued"])

    def test_email_report(self):
        with freeze_time("2031-01-15 10:00:00"):
            processes = self.make_processes(3, period="2031-01-01")
            processes[0]._transition("waiting_approval")
            processes[1]._transition("error")
            schedule = self.make_schedule(task_type="email_report", report_email="team@example.com, chefe@example.com")
            schedule.action_run_now()
        self.assertFalse(schedule.last_error)
        mail = self.env["mail.mail"].search([("subject", "=", "Invoice RPA report: 2031-01")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "team@example.com, chefe@example.com")
        self.assertEqual(mail.state, "outgoing")
        body = str(mail.body_html)
        self.assertIn("(3 in all)", body)
        for label in ("Waiting Download", "Waiting Approval", "Error", "Uploaded"):
            self.assertIn(label, body)
        self.assertIn(f"Report queued for team@example.com, chefe@example.com (mail {mail.id})", schedule.last_result)
