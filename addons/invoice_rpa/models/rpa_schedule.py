"""The robot-side tasks of rpa.schedule: run downloads and email a report."""

import datetime as dt
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_split

from odoo.addons.base.models.res_partner import _tz_get

from ..tools import cron_schedule
from ..tools.redact import scrub_urls

_logger = logging.getLogger(__name__)


class RpaSchedule(models.Model):
    """A named recurring task run by the dispatcher cron when its cron expression is due.

    ``next_run`` is computed on save and after each run (from the run time, in the
    schedule's timezone), even when the task fails.
    """

    _name = "rpa.schedule"
    _description = "Invoice RPA Schedule"
    _inherit = ["mail.thread"]
    _order = "next_run, id"

    name = fields.Char(required=True, tracking=True)
    cron_expression = fields.Char(
        required=True,
        default="0 6 1 * *",
        tracking=True,
        help="minute hour day-of-month month day-of-week, e.g. '0 0 1 * *' (midnight on the 1st) "
        "or '*/30 * * * *' (every 30 minutes).",
    )
    task_type = fields.Selection(
        [
            ("create_monthly", "Create monthly processes"),
            ("run_downloads", "Run downloads"),
            ("email_report", "Email a report"),
            ("purge_logs", "Purge old logs"),
        ],
        required=True,
        default="create_monthly",
        tracking=True,
    )
    only_pending = fields.Boolean(default=True, help="Run downloads only for processes still waiting for them.")
    concurrency_limit = fields.Integer(default=5, help="Robot jobs in flight at most.")
    purge_days = fields.Integer(default=90, help="Purge logs: executions finished longer ago than this.")
    timezone = fields.Selection(_tz_get, required=True, default=lambda self: self.env.user.tz or "UTC")
    active = fields.Boolean(default=True)
    next_run = fields.Datetime(readonly=True, copy=False)
    run_count = fields.Integer(readonly=True, copy=False)
    last_run = fields.Datetime(readonly=True, copy=False)
    last_result = fields.Text(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)

    _concurrency_positive = models.Constraint(
        "CHECK (concurrency_limit > 0)",
        "The concurrency limit must be greater than 0.",
    )
    _purge_days_positive = models.Constraint("CHECK (purge_days > 0)", "Purge days must be greater than 0.")

    @api.constrains("cron_expression", "timezone")
    def _check_cron_expression(self):
        for schedule in self:
            try:
                cron_schedule.next_run(schedule.cron_expression, fields.Datetime.now(), schedule.timezone)
            except ValueError as exc:
                raise ValidationError(
                    self.env._("Schedule “%(name)s”: %(error)s", name=schedule.name, error=exc)
                ) from exc

    @api.model_create_multi
    def create(self, vals_list):
        schedules = super().create(vals_list)
        schedules._update_next_run()
        return schedules

    def write(self, vals):
        res = super().write(vals)
        if {"cron_expression", "timezone", "active"} & set(vals):
            self._update_next_run()
        return res

    def _update_next_run(self, after=None):
        after = after or fields.Datetime.now()
        for schedule in self:
            schedule.next_run = (
                cron_schedule.next_run(schedule.cron_expression, after, schedule.timezone) if schedule.active else False
            )

    # ---------------------------------------------------------------- dispatch

    @api.model
    def _cron_dispatch(self):
        """Run every active schedule whose next run is due (called every minute by ir.cron)."""
        now = fields.Datetime.now()
        due = self.search([("next_run", "<=", now)])
        for schedule in due:
            schedule._run(now)
        return due

    def _run(self, now=None):
        """Run the task in its own savepoint; record its result or error and the next run."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        vals = {"last_run": now, "run_count": self.run_count + 1}
        try:
            with self.env.cr.savepoint():
                result = getattr(self, f"_task_{self.task_type}")()
            vals.update(last_result=result, last_error=False)
        except Exception as exc:
            _logger.warning("RPA schedule %s (%s) failed: %s", self.name, self.task_type, scrub_urls(str(exc)))
            vals.update(last_result=self.env._("Failed"), last_error=scrub_urls(str(exc)))
        vals["next_run"] = cron_schedule.next_run(self.cron_expression, now, self.timezone)
        self.write(vals)
        return True

    def action_run_now(self):
        """Run the schedules immediately (their next run is recomputed from now); RPA
        managers only (RPA users may read schedules)."""
        if not self.env.user.has_group("invoice_rpa.group_rpa_manager"):
            raise AccessError(self.env._("Only RPA managers can run schedules."))
        for schedule in self:
            schedule._run()
        return True

    def _task_create_monthly(self):
        # the month is the one of the schedule's timezone: "0 6 1 * *" fires on the 1st there
        today = fields.Date.context_today(self.with_context(tz=self.timezone))
        processes = self.env["rpa.process"]._create_monthly(today)
        return self.env._("%s processes created.", len(processes))

    def _task_purge_logs(self):
        limit = fields.Datetime.now() - dt.timedelta(days=self.purge_days)
        executions = self.env["rpa.execution"].search(
            [("status", "in", self.env["rpa.execution"].FINISHED), ("end_date", "<", limit)],
        )
        count = len(executions)
        executions.unlink()
        return self.env._("%(count)s executions older than %(days)s days deleted.", count=count, days=self.purge_days)

    report_email = fields.Char(
        string="Send Report To",
        tracking=True,
        help="Email a report: the recipients, separated by commas.",
    )

    def _task_run_downloads(self):
        """Queue the robot downloads of the processes that wait for one (and, unless
        "only pending" is set, retry the failed ones); start as many as the concurrency
        limit allows. Runs in flight for too long are timed out first."""
        timed_out = self.env["rpa.execution"]._check_timeouts()
        states = ["waiting_download"] if self.only_pending else ["waiting_download", "error"]
        processes = self.env["rpa.process"].search(
            [
                ("state", "in", states),
                ("operator_id.has_rpa", "=", True),
                ("operator_id.active", "=", True),
            ]
        )
        processes.filtered(lambda process: process.state == "error")._transition("waiting_download")
        requested = processes._request_download()
        started = self.env["rpa.process"]._dispatch_downloads(self.concurrency_limit)
        return self.env._(
            "%(requested)s downloads requested, %(started)s started (at most %(limit)s at a time), "
            "%(timeouts)s timed out.",
            requested=len(requested),
            started=len(started),
            limit=self.concurrency_limit,
            timeouts=len(timed_out),
        )

    def _task_email_report(self):
        """Queue an email with this month's processes per state and the last day's robot
        runs per status (sent by Odoo's mail queue)."""
        recipients = email_split(self.report_email or "")
        if not recipients:
            raise UserError(self.env._("Schedule “%s” has no report recipient.", self.name))
        values = self._report_values()
        body = self.env["ir.qweb"]._render("invoice_rpa.schedule_report_mail", values)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._("Invoice RPA report: %s", values["period"]),
                    "email_to": ", ".join(recipients),
                    "body_html": body,
                    "auto_delete": True,
                }
            )
        )
        return self.env._("Report queued for %(to)s (mail %(id)s).", to=", ".join(recipients), id=mail.id)

    def _report_values(self):
        today = fields.Date.context_today(self.with_context(tz=self.timezone))
        period = today.replace(day=1)
        by_state = dict(self.env["rpa.process"]._read_group([("period", "=", period)], ["state"], ["__count"]))
        since = fields.Datetime.now() - dt.timedelta(days=1)
        by_status = dict(self.env["rpa.execution"]._read_group([("end_date", ">=", since)], ["status"], ["__count"]))
        statuses = self.env["rpa.execution"]._fields["status"]._description_selection(self.env)
        states = self.env["rpa.process"]._fields["state"]._description_selection(self.env)
        return {
            "schedule": self,
            "period": period.strftime("%Y-%m"),
            "states": [(label, by_state.get(key, 0)) for key, label in states],
            "total": sum(by_state.values()),
            "runs": [
                (label, by_status.get(key, 0)) for key, label in statuses if key in self.env["rpa.execution"].FINISHED
            ],
        }
