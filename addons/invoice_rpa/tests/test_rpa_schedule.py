import datetime as dt

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import RpaCase


@tagged("post_install", "-at_install")
class TestRpaSchedule(RpaCase):
    def make_schedule(self, **vals):
        return self.env["rpa.schedule"].with_user(self.manager).create(dict(
            {"name": "Test schedule", "cron_expression": "0 0 1 * *", "task_type": "create_monthly",
             "timezone": "UTC"}, **vals))

    def test_bad_expression_refused_with_clear_message(self):
        with self.assertRaisesRegex(ValidationError, "Invalid hour field '25'"):
            self.make_schedule(cron_expression="0 25 * * *")
        with self.assertRaisesRegex(ValidationError, "5 fields"):
            self.make_schedule(cron_expression="0 0 1 *")
        schedule = self.make_schedule()
        with self.assertRaisesRegex(ValidationError, "never matches"):
            schedule.cron_expression = "0 0 31 2 *"

    @freeze_time("2026-01-31 12:00:00")
    def test_next_run_computed_on_save(self):
        schedule = self.make_schedule()
        self.assertEqual(schedule.next_run, dt.datetime(2026, 2, 1, 0, 0))
        schedule.timezone = "America/Sao_Paulo"
        self.assertEqual(schedule.next_run, dt.datetime(2026, 2, 1, 3, 0))
        schedule.cron_expression = "*/30 * * * *"
        self.assertEqual(schedule.next_run, dt.datetime(2026, 1, 31, 12, 30))
        schedule.action_archive()
        self.assertFalse(schedule.next_run)

    def test_concurrency_limit_default(self):
        self.assertEqual(self.make_schedule().concurrency_limit, 5)

    def test_plain_user_cannot_edit(self):
        from odoo.exceptions import AccessError
        schedule = self.make_schedule()
        with self.assertRaises(AccessError):
            schedule.with_user(self.user).write({"name": "x"})

    def test_dispatch_runs_due_create_monthly(self):
        operators = self.make_operators(2)
        self.make_clients(3, operators)
        with freeze_time("2026-10-20 08:00:00"):
            schedule = self.make_schedule()
            not_due = self.make_schedule(name="Later", cron_expression="0 0 1 1 *")
        self.assertEqual(schedule.next_run, dt.datetime(2026, 11, 1))
        with freeze_time("2026-11-01 00:00:30"):
            ran = self.env["rpa.schedule"]._cron_dispatch()
        self.assertEqual(ran, schedule)
        self.assertEqual(schedule.run_count, 1)
        self.assertEqual(not_due.run_count, 0)
        self.assertEqual(schedule.last_run, dt.datetime(2026, 11, 1, 0, 0, 30))
        self.assertFalse(schedule.last_error)
        self.assertIn("6 processes created", schedule.last_result)
        self.assertEqual(schedule.next_run, dt.datetime(2026, 12, 1))
        processes = self.env["rpa.process"].search(
            [("period", "=", "2026-11-01"), ("operator_id", "in", operators.ids)])
        self.assertEqual(len(processes), 6)
        with freeze_time("2026-11-01 00:01:30"):
            self.assertFalse(self.env["rpa.schedule"]._cron_dispatch(), "nothing due until next month")

    def test_failing_task_logged_and_rescheduled(self):
        with freeze_time("2026-10-20 08:00:00"):
            failing = self.make_schedule(name="Report", task_type="email_report", cron_expression="0 * * * *")
            working = self.make_schedule(name="Monthly")
        with freeze_time("2026-11-01 00:00:10"):
            ran = self.env["rpa.schedule"]._cron_dispatch()
        self.assertEqual(ran, failing | working)
        self.assertIn("no report recipient", failing.last_error)
        self.assertEqual(failing.run_count, 1)
        self.assertEqual(failing.next_run, dt.datetime(2026, 11, 1, 1, 0))
        self.assertFalse(working.last_error)
        self.assertEqual(working.run_count, 1)

    def test_purge_logs(self):
        process = self.make_process()
        Execution = self.env["rpa.execution"]
        old = Execution.create({"process_id": process.id, "status": "done", "end_date": "2026-01-01 00:00:00"})
        recent = Execution.create({"process_id": process.id, "status": "failed", "end_date": "2026-10-30 00:00:00"})
        running = Execution.create({"process_id": process.id, "status": "running"})
        schedule = self.make_schedule(task_type="purge_logs", purge_days=30)
        with freeze_time("2026-11-05 00:00:00"):
            schedule.action_run_now()
        self.assertFalse(old.exists())
        self.assertEqual((recent | running).exists(), recent | running)
        self.assertIn("1 executions", schedule.last_result)
