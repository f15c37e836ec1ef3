import datetime as dt

from odoo import SUPERUSER_ID, api, fields, models

from odoo.addons.queue_job.exception import FailedJobError

from ..tools.redact import scrub_urls
from .res_config_settings import (
    PARAM_CONCURRENCY,
    PARAM_DOWNLOAD_ALLOWLIST,
    PARAM_JOB_TIMEOUT,
    PARAM_MAX_RETRIES,
    PARAM_POLL_INTERVAL,
)

IN_FLIGHT = ("queued", "running")
QUEUE_CHANNEL = "root.invoice_rpa"
# what queue_job's runner reports to the on_fail hook when a job's retries ran out
_RETRIES_EXHAUSTED = f"{FailedJobError.__module__}.{FailedJobError.__name__}"
_LOG_MAX_CHARS = 200_000  # keeps a chatty robot from growing the record without bound


class RpaExecution(models.Model):
    """One robot run for a process: job id, timing, status and its log lines.

    Life cycle: ``queued`` (created by ``_dispatch_downloads``, its start job waits in the
    ``root.invoice_rpa`` queue), ``running`` (the robot works; polled), then ``done``,
    ``failed`` or ``timeout``. New log lines are pushed live through the bus
    (``invoice_rpa.execution_log``) to the RPA users of the run's company. Old finished
    executions are deleted by the ``purge_logs`` schedule.
    """

    _name = "rpa.execution"
    _description = "RPA Robot Execution"
    _order = "start_date desc, id desc"

    FINISHED = ("done", "failed", "timeout")

    process_id = fields.Many2one("rpa.process", required=True, index=True, ondelete="cascade")
    operator_id = fields.Many2one(related="process_id.operator_id", store=True, string="Operator")
    partner_id = fields.Many2one(related="process_id.partner_id", string="Client")
    runner = fields.Selection(
        [("api", "External RPA API"), ("selenium", "Built-in runner")],
        required=True, default="api", readonly=True,
    )
    job_id = fields.Char(string="External Job ID", index="btree_not_null", readonly=True)
    start_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    end_date = fields.Datetime(readonly=True)
    status = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"),
         ("failed", "Failed"), ("timeout", "Timeout")],
        default="queued", required=True, index=True, readonly=True,
    )
    log = fields.Text(readonly=True)
    log_line_count = fields.Integer(readonly=True, help="Robot log lines already copied into the log.")
    error = fields.Text(readonly=True)
    concurrency_limit = fields.Integer(
        default=5, readonly=True, help="Robot jobs in flight at most when this run was dispatched.")
    last_poll_date = fields.Datetime(readonly=True)
    duration = fields.Float(compute="_compute_duration", string="Duration (min)")
    company_id = fields.Many2one(related="process_id.company_id", store=True)

    @api.depends("start_date", "end_date")
    def _compute_duration(self):
        now = fields.Datetime.now()
        for execution in self:
            end = execution.end_date or now
            execution.duration = (end - execution.start_date).total_seconds() / 60 if execution.start_date else 0

    @api.depends("process_id.name", "start_date")
    def _compute_display_name(self):
        for execution in self:
            execution.display_name = f"{execution.process_id.name or ''} #{execution.id or ''}"

    # ---------------------------------------------------------------- settings

    @api.model
    def _robot_config(self):
        """The robot settings (ir.config_parameter) with their defaults; holds the API
        secret, so never log it."""
        get = self.env["ir.config_parameter"].sudo().get_param
        integer = self._robot_integer
        return {
            "secret": self.env["rpa.settings.secret"]._get_secret("api_token"),
            "timeout_minutes": integer(PARAM_JOB_TIMEOUT, 30),
            "poll_interval": integer(PARAM_POLL_INTERVAL, 60),
            "concurrency_limit": integer(PARAM_CONCURRENCY, 5),
            "base_url": self.env["ir.config_parameter"].sudo().get_param("web.base.url", ""),
            "download_allowlist": get(PARAM_DOWNLOAD_ALLOWLIST) or "",
        }

    @api.model
    def _robot_integer(self, key, default, minimum=1):
        """The integer robot setting ``key`` (at least ``minimum``), ``default`` when unset
        or unreadable."""
        try:
            return max(int(self.env["ir.config_parameter"].sudo().get_param(key) or default), minimum)
        except ValueError:
            return default

    def _robot_delay(self, **properties):
        """``with_delay`` for robot jobs, on the ``root.invoice_rpa`` channel.

        The jobs run as the superuser: whoever asked for the run was checked then, and a
        finished run may start other users' (or companies') queued runs, or be reported
        by the public callback. Each job may run the first time and then once per
        "Robot Retries" of Settings (``max_retries`` of the job); the delays between tries
        are the ``retry_pattern`` of its job function (data/queue_job_data.xml).
        """
        # queue_job's max_retries counts the first try too (and 0 would mean "for ever")
        properties.setdefault("max_retries", self._robot_integer(PARAM_MAX_RETRIES, 5, minimum=0) + 1)
        return self.with_user(SUPERUSER_ID).with_delay(channel=QUEUE_CHANNEL, **properties)

    # ---------------------------------------------------------------- log and bus

    def _append_log(self, lines):
        """Append ``lines`` (stamped with the UTC time) to the log and push them live.

        Callers pass step descriptions only, never secrets or field values; URLs in the
        lines lose their credentials.
        """
        self.ensure_one()
        lines = [scrub_urls(str(line).rstrip()) for line in lines if str(line or "").strip()]
        if not lines:
            return
        stamp = fields.Datetime.now().strftime("%H:%M:%S")
        text = "\n".join(f"[{stamp}] {line}" for line in lines)
        log = f"{self.log}\n{text}" if self.log else text
        self.sudo().log = log[-_LOG_MAX_CHARS:]
        self._notify_log(text)

    def _notify_log(self, text=""):
        """Tell the open forms of this execution (and of its process) what changed.

        Sent to the RPA users allowed in the execution's company only (each user's
        channel), so log lines never reach another company's users.
        """
        group = self.env.ref("invoice_rpa.group_rpa_user")
        # one search for every execution of the batch, split by company in memory
        rpa_users = self.env["res.users"].sudo().search([
            ("all_group_ids", "in", group.id), ("company_ids", "in", self.company_id.ids),
        ])
        for execution in self:
            users = rpa_users.filtered(lambda user, company=execution.company_id: company in user.company_ids)
            users._bus_send("invoice_rpa.execution_log", {
                "execution_id": execution.id,
                "process_id": execution.process_id.id,
                "status": execution.status,
                "lines": text,
            })

    # ---------------------------------------------------------------- end of a run

    def _finish(self, status, error=None):
        """End the runs of ``self`` with ``status`` (done/failed/timeout).

        A failed or timed-out run moves its process to ``error`` (when it still waits for
        its download). The freed slots go to the next requested downloads.
        """
        finished = self.filtered(lambda execution: execution.status in IN_FLIGHT)
        if not finished:
            return
        # errors quote the URLs called (endpoints, file links): never their credentials
        finished.sudo().write({"status": status, "end_date": fields.Datetime.now(),
                               "error": scrub_urls(str(error)) if error else False})
        if status != "done":
            processes = finished.process_id.filtered(lambda process: process.state == "waiting_download")
            processes.sudo()._transition("error")
        for execution in finished:
            execution._append_log([self.env._("Finished: %s", dict(self._fields["status"].selection)[status])])
        for limit in set(finished.mapped("concurrency_limit")):
            self.env["rpa.process"]._dispatch_downloads(limit)

    def _job_on_fail(self, exc_info=None, exc_name=None, exc_message=None):
        """queue_job hook: a robot job failed for good, its retries run out (``exc_message``
        quotes the last error) or crashed; the run fails with that message, its process
        goes to error and its slot frees up."""
        if exc_name == _RETRIES_EXHAUSTED:
            error = self.env._("The robot job gave up: %s", exc_message)
        else:
            error = self.env._("The robot job failed unexpectedly: %s", exc_message or exc_name)
        self._finish("failed", error)

    @api.model
    def _check_timeouts(self):
        """Time out the runs in flight for longer than the configured timeout.

        Polls do it for their own run; this catches runs whose jobs were lost.
        """
        config = self._robot_config()
        limit = fields.Datetime.now() - dt.timedelta(minutes=config["timeout_minutes"])
        stale = self.sudo().search([("status", "in", IN_FLIGHT), ("start_date", "<", limit)])
        stale._finish("timeout", self.env._(
            "The robot did not finish within %s minutes.", config["timeout_minutes"]))
        return stale

    # ---------------------------------------------------------------- buttons

    def action_run_again(self):
        """Re-queue the download of these executions' processes (see rpa.process)."""
        return self.process_id.action_run_download()
