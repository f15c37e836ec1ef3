"""The robot-side tasks of rpa.schedule: run downloads and email a report."""

import datetime as dt

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import email_split


class RpaSchedule(models.Model):
    _inherit = "rpa.schedule"  # pylint: disable=consider-merging-classes-inherited

    report_email = fields.Char(
        string="Send Report To", tracking=True,
        help="Email a report: the recipients, separated by commas.",
    )

    def _task_run_downloads(self):
        """Queue the robot downloads of the processes that wait for one (and, unless
        "only pending" is set, retry the failed ones); start as many as the concurrency
        limit allows. Runs in flight for too long are timed out first."""
        timed_out = self.env["rpa.execution"]._check_timeouts()
        states = ["waiting_download"] if self.only_pending else ["waiting_download", "error"]
        processes = self.env["rpa.process"].search([
            ("state", "in", states), ("operator_id.has_rpa", "=", True), ("operator_id.active", "=", True),
        ])
        processes.filtered(lambda process: process.state == "error")._transition("waiting_download")
        requested = processes._request_download()
        started = self.env["rpa.process"]._dispatch_downloads(self.concurrency_limit)
        return self.env._(
            "%(requested)s downloads requested, %(started)s started (at most %(limit)s at a time), "
            "%(timeouts)s timed out.",
            requested=len(requested), started=len(started), limit=self.concurrency_limit, timeouts=len(timed_out),
        )

    def _task_email_report(self):
        """Queue an email with this month's processes per state and the last day's robot
        runs per status (sent by Odoo's mail queue)."""
        recipients = email_split(self.report_email or "")
        if not recipients:
            raise UserError(self.env._("Schedule “%s” has no report recipient.", self.name))
        values = self._report_values()
        body = self.env["ir.qweb"]._render("invoice_rpa.schedule_report_mail", values)
        mail = self.env["mail.mail"].sudo().create({
            "subject": self.env._("Invoice RPA report: %s", values["period"]),
            "email_to": ", ".join(recipients),
            "body_html": body,
            "auto_delete": True,
        })
        return self.env._("Report queued for %(to)s (mail %(id)s).", to=", ".join(recipients), id=mail.id)

    def _report_values(self):
        today = fields.Date.context_today(self.with_context(tz=self.timezone))
        period = today.replace(day=1)
        by_state = dict(self.env["rpa.process"]._read_group(
            [("period", "=", period)], ["state"], ["__count"]))
        since = fields.Datetime.now() - dt.timedelta(days=1)
        by_status = dict(self.env["rpa.execution"]._read_group(
            [("end_date", ">=", since)], ["status"], ["__count"]))
        statuses = self.env["rpa.execution"]._fields["status"]._description_selection(self.env)
        states = self.env["rpa.process"]._fields["state"]._description_selection(self.env)
        return {
            "schedule": self,
            "period": period.strftime("%Y-%m"),
            "states": [(label, by_state.get(key, 0)) for key, label in states],
            "total": sum(by_state.values()),
            "runs": [(label, by_status.get(key, 0)) for key, label in statuses
                     if key in self.env["rpa.execution"].FINISHED],
        }
