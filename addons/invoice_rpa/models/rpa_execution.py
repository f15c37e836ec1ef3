"""Robot runs (``rpa.execution``): one run of a process's download, by the external RPA API
or by the built-in browser robot, and the robot's callback.

External RPA API runs: start, poll and file reception as queue jobs.

Every network call happens in a ``queue_job`` job on the ``root.invoice_rpa`` channel,
never in a user request. A retryable failure (the suite's one classification: connection
errors, timeouts, 408, 429, 5xx) raises queue_job's ``RetryableJobError``: the job runs
again after the service's ``Retry-After`` or its job function's ``retry_pattern``, and
when its retries run out ``_job_on_fail`` fails the run with the last error. Any other
failure fails the run at once with the API's answer as its error.

Robot callbacks (``POST /invoice_rpa/callback``) handled on rpa.execution.

The request only records: a base64 PDF is checked and kept as a temporary attachment
of the execution, a file URL is remembered; a queue job then stores the invoice (S3 or
attachment) or downloads it. The first accepted callback wins; any later one for the
same job is answered "duplicate" and changes nothing.

Built-in robot runs of rpa.execution: the operator's recipe in headless Chromium,
with the suite's browser robot (``ops_base/tools/browser_robot.py``).

Runs inside the start job (queue_job, channel root.invoice_rpa). The log records each
step's description, never a login, password or typed text. The run ends at the recipe's
first download.
"""

import base64
import binascii
import datetime as dt
import logging
from urllib.parse import urlsplit

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ops_base.tools import browser_robot
from odoo.addons.ops_base.tools.http import HttpCallError, job_retry_error
from odoo.addons.queue_job.exception import FailedJobError

from ..tools import http_download, invoice_pdf, rpa_api
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

_RETRIES_EXHAUSTED = f"{FailedJobError.__module__}.{FailedJobError.__name__}"

_LOG_MAX_CHARS = 200_000  # keeps a chatty robot from growing the record without bound

_logger = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT = 30  # seconds to connect and between bytes of a robot's file

DOWNLOAD_TOTAL_TIMEOUT = 300  # seconds for a whole download (a dripping server is cut)

_TEXT_MAX = 2000  # characters kept of a robot's error message


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
        required=True,
        default="api",
        readonly=True,
    )
    job_id = fields.Char(string="External Job ID", index="btree_not_null", readonly=True)
    start_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    end_date = fields.Datetime(readonly=True)
    status = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed"), ("timeout", "Timeout")],
        default="queued",
        required=True,
        index=True,
        readonly=True,
    )
    log = fields.Text(readonly=True)
    log_line_count = fields.Integer(readonly=True, help="Robot log lines already copied into the log.")
    error = fields.Text(readonly=True)
    concurrency_limit = fields.Integer(
        default=5, readonly=True, help="Robot jobs in flight at most when this run was dispatched."
    )
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
        rpa_users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("all_group_ids", "in", group.id),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
        )
        for execution in self:
            users = rpa_users.filtered(lambda user, company=execution.company_id: company in user.company_ids)
            users._bus_send(
                "invoice_rpa.execution_log",
                {
                    "execution_id": execution.id,
                    "process_id": execution.process_id.id,
                    "status": execution.status,
                    "lines": text,
                },
            )

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
        finished.sudo().write(
            {"status": status, "end_date": fields.Datetime.now(), "error": scrub_urls(str(error)) if error else False}
        )
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
        stale._finish("timeout", self.env._("The robot did not finish within %s minutes.", config["timeout_minutes"]))
        return stale

    # ---------------------------------------------------------------- buttons

    def action_run_again(self):
        """Re-queue the download of these executions' processes (see rpa.process)."""
        return self.process_id.action_run_download()

    def _enqueue_start(self):
        for execution in self:
            execution._robot_delay(
                priority=10,
                description=self.env._("Start robot: %s", execution.process_id.name),
            )._job_start()

    def _enqueue_poll(self, eta=None):
        for execution in self:
            execution._robot_delay(
                priority=20,
                eta=eta,
                identity_key=f"invoice_rpa.poll.{execution.id}",
                description=self.env._("Poll robot: %s", execution.process_id.name),
            )._job_poll()

    def _robot_payload(self, config):
        """What the robot needs to fetch the invoice (no secret: the robot holds its own
        portal credentials, referenced by ``portal_login_ref``)."""
        process = self.process_id
        accounts = (
            self.env["rpa.client.account"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", process.partner_id.id),
                    ("operator_id", "=", process.operator_id.id),
                ]
            )
        )
        return {
            "execution_id": self.id,
            "process_id": process.id,
            "operator": process.operator_id.code,
            "period": process.period.strftime("%Y-%m"),
            "client": {"name": process.partner_id.name, "vat": process.partner_id.vat or None},
            "accounts": [
                {"account_number": account.account_number, "portal_login_ref": account.portal_login_ref or None}
                for account in accounts
            ],
            "callback_url": f"{config['base_url'].rstrip('/')}/invoice_rpa/callback",
        }

    def _job_start(self):
        """queue_job: start this queued run (once): the external robot job, or the built-in runner."""
        self.ensure_one()
        if self.status != "queued":
            return "skipped: not queued"
        if self.runner == "selenium":
            return self._run_selenium()
        config = self._robot_config()
        operator = self.operator_id
        if not config["secret"]:
            return self._finish("failed", self.env._("The RPA API secret is not configured in Settings."))
        if not operator.rpa_endpoint:
            return self._finish("failed", self.env._("The operator %s has no RPA endpoint URL.", operator.display_name))
        try:
            job_id = rpa_api.start_job(
                operator.rpa_endpoint,
                operator.code,
                self._robot_payload(config),
                rpa_api.make_token(config["secret"]),
            )
        except HttpCallError as exc:
            return self._fail_or_retry(exc)
        self.sudo().write({"job_id": job_id, "status": "running", "start_date": fields.Datetime.now()})
        self._append_log([self.env._("Robot job %s started.", job_id)])
        self._enqueue_poll(eta=config["poll_interval"])
        return f"started {job_id}"

    def _job_poll(self):
        """queue_job: read the status and new log lines of the running robot job; finish
        the run (file stored, failed or timed out) or poll again later."""
        self.ensure_one()
        if self.status != "running" or self.callback_date:
            return "skipped: not running or reported by callback"
        config = self._robot_config()
        if fields.Datetime.now() - self.start_date > dt.timedelta(minutes=config["timeout_minutes"]):
            self._finish(
                "timeout", self.env._("The robot did not finish within %s minutes.", config["timeout_minutes"])
            )
            return "timeout"
        endpoint, token = self.operator_id.rpa_endpoint, rpa_api.make_token(config["secret"])
        try:
            state = rpa_api.job_status(endpoint, self.job_id, token)
            lines = rpa_api.job_logs(endpoint, self.job_id, token)
        except HttpCallError as exc:
            return self._fail_or_retry(exc)
        new_lines = lines[self.log_line_count :]
        self.sudo().write(
            {
                "last_poll_date": fields.Datetime.now(),
                "log_line_count": max(len(lines), self.log_line_count),
            }
        )
        self._append_log(new_lines)
        if state["status"] == "failed":
            self._finish("failed", state["error"] or self.env._("The robot reported a failure."))
        elif state["status"] == "done":
            self._receive_file(file_base64=state["file_base64"], file_url=state["file_url"], config=config)
        else:
            self._enqueue_poll(eta=config["poll_interval"])
        return state["status"]

    def _job_fetch_file(self, file_url):
        """queue_job: download the file a callback announced and finish the run."""
        self.ensure_one()
        if self.status not in ("queued", "running"):
            return "skipped: finished"
        return self._receive_file(file_url=file_url, config=self._robot_config())

    def _fail_or_retry(self, error):
        """A failed call in a robot job: a retryable ``error`` (HttpCallError) raises
        queue_job's RetryableJobError, so the job runs again later (nothing it did is kept);
        a permanent one fails the run now."""
        if error.retryable:
            raise job_retry_error(error)
        return self._finish("failed", error.message)

    def _receive_file(self, file_base64=None, file_url=None, config=None):
        """Get the robot's PDF (base64 or URL), hand it to the invoice storage and end
        the run: ``done`` when stored, ``failed`` when the file is missing or refused."""
        self.ensure_one()
        process = self.process_id
        filename = f"{process.operator_id.code}_{process.period.strftime('%Y_%m')}.pdf"
        if file_base64:
            try:
                content = base64.b64decode(file_base64, validate=True)
            except (binascii.Error, ValueError):
                return self._finish("failed", self.env._("The robot sent a PDF that is not valid base64."))
        elif file_url:
            try:
                content, filename = http_download.download(
                    file_url,
                    invoice_pdf.MAX_SIZE,
                    timeout=DOWNLOAD_TIMEOUT,
                    total_timeout=DOWNLOAD_TOTAL_TIMEOUT,
                    headers=self._download_headers(file_url, config),
                    allow_list=config["download_allowlist"],
                )
            except http_download.DownloadError as exc:
                # the details (addresses, answers) go to the server log only: the run's
                # error must not tell a refused address from a closed port
                _logger.warning("Robot file of execution %s not downloaded: %s", self.id, exc.detail)
                return self._fail_or_retry(HttpCallError(self._download_error_message(exc), retryable=exc.retryable))
        else:
            return self._finish("failed", self.env._("The robot finished without sending a file."))
        return self._store_file(filename, content)

    def _download_error_message(self, error):
        if error.code == "too_large":
            return self.env._("The robot's file is larger than %s MB.", invoice_pdf.MAX_SIZE // 1048576)
        return self.env._(
            "The robot's file could not be downloaded: its address is not allowed (Settings → Invoice RPA → "
            "Robots), cannot be reached, or did not answer with the file. The server log has the details."
        )

    def _download_headers(self, file_url, config):
        # the RPA API's own download links need its token; never send it to other hosts
        endpoint = urlsplit(self.operator_id.rpa_endpoint or "")
        if config["secret"] and urlsplit(file_url).netloc == endpoint.netloc and endpoint.netloc:
            return {"Authorization": f"Bearer {rpa_api.make_token(config['secret'])}"}
        return {}

    def _store_file(self, filename, content):
        process = self.process_id
        if process.state != "waiting_download":
            return self._finish(
                "failed",
                self.env._(
                    "The process no longer waits for a download (it is “%s”); the robot's file was not stored.",
                    dict(process._fields["state"]._description_selection(self.env))[process.state],
                ),
            )
        try:
            with self.env.cr.savepoint():
                self.env["rpa.invoice.storage"]._store_process_file(process, filename, content, "robot")
        except UserError as exc:
            return self._finish("failed", str(exc))
        self._append_log([self.env._("Invoice %s stored.", filename)])
        return self._finish("done")

    callback_date = fields.Datetime(readonly=True, copy=False, help="When the robot reported the end of the job.")

    @api.model
    def _handle_callback(self, data):
        """Process a verified callback body; return ``(http_status, json_body)``.

        ``data``: ``job_id`` and ``status`` (required), ``file_base64`` or ``file_url``
        (one required when the status is a success), optional ``filename``, ``error``
        and ``logs`` (list of lines).
        """
        invalid = self._callback_invalid(data)
        if invalid:
            return 400, invalid
        status = rpa_api.normalise_status(data["status"])
        logs = data.get("logs") or []
        execution = self.sudo().search(
            [("job_id", "=", str(data["job_id"]).strip()), ("runner", "=", "api")], order="id desc", limit=1
        )
        if not execution:
            return 404, {"error": "unknown_job"}
        if execution.status not in IN_FLIGHT or execution.callback_date:
            return 200, {"status": "duplicate"}
        if status == "done":
            return execution._callback_done(data, logs)
        execution._append_log([str(line) for line in logs])
        if status == "failed":
            execution.callback_date = fields.Datetime.now()
            error = str(data.get("error") or "")[:_TEXT_MAX] or self.env._("The robot reported a failure.")
            execution._finish("failed", error)
            return 200, {"status": "recorded"}
        return 202, {"status": "running"}

    @api.model
    def _callback_invalid(self, data):
        """The error body for a callback missing a field or with a wrong one, else None."""
        for name in ("job_id", "status"):
            value = data.get(name)
            if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
                return {"error": "missing_field", "field": name}
        if not isinstance(data.get("logs") or [], list):
            return {"error": "invalid_field", "field": "logs"}
        return None

    def _callback_done(self, data, logs):
        """A success callback: check the file, record it and hand it to a queue job."""
        file_base64, file_url = data.get("file_base64"), data.get("file_url")
        filename = str(data.get("filename") or "").strip() or None
        if file_base64:
            try:
                content = base64.b64decode(str(file_base64), validate=True)
                invoice_pdf.check_pdf(content)
            except (binascii.Error, ValueError):
                # invoice_pdf.InvalidPdf is a ValueError too
                return 400, {"error": "invalid_pdf"}
        elif not (isinstance(file_url, str) and file_url.lower().startswith(("http://", "https://"))):
            return 400, {"error": "missing_field", "field": "file_url"}
        self.callback_date = fields.Datetime.now()
        self._append_log([str(line) for line in logs] + [self.env._("The robot reported the end of the job.")])
        delayable = self._robot_delay(priority=5, description=self.env._("Store robot file: %s", self.process_id.name))
        if file_base64:
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": filename or "invoice.pdf",
                        "raw": content,
                        "mimetype": "application/pdf",
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
            )
            delayable._job_store_callback_file(attachment.id)
        else:
            delayable._job_fetch_file(file_url)
        return 202, {"status": "accepted"}

    def _job_store_callback_file(self, attachment_id):
        """queue_job: store the PDF a callback delivered (kept in a temporary attachment)."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].sudo().browse(attachment_id).exists()
        if self.status not in IN_FLIGHT or not attachment:
            attachment.unlink()
            return "skipped: finished"
        name, content = attachment.name, attachment.raw
        attachment.unlink()
        self._store_file(name, content)
        return self.status

    def _run_selenium(self):
        """Run the operator's recipe for this queued run and store the PDF it downloads."""
        self.ensure_one()
        operator = self.operator_id
        if not operator.robot_step_ids:
            return self._finish(
                "failed",
                self.env._("The operator %s has no robot recipe (Configuration → Operators).", operator.display_name),
            )
        try:
            steps, values = self._selenium_steps()
        except UserError as exc:
            return self._finish("failed", str(exc))
        self.sudo().write({"status": "running", "start_date": fields.Datetime.now()})
        self._append_log([self.env._("Built-in robot started (%s steps).", len(steps))])
        lines = []
        try:
            result = browser_robot.run_recipe(steps, values=values, log=lines.append)
        except browser_robot.RobotError as exc:
            self._append_log(lines)
            _logger.info("Built-in robot run %s failed: %s", self.id, exc)
            return self._finish("failed", str(exc))
        if not result.downloads:
            self._append_log(lines)
            return self._finish("failed", self.env._("The recipe ended without a download step."))
        filename, content = result.downloads[0]
        self._append_log([*lines, self.env._("File %s downloaded.", filename)])
        return self._store_file(filename, content)

    def _selenium_steps(self):
        """The recipe as browser-robot steps (up to its first download) and the values
        of the client's account they type (``value_from``), the password decrypted.

        Raises UserError when the client has no account at the operator or a needed
        credential is missing.
        """
        process = self.process_id
        account = (
            self.env["rpa.client.account"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", process.partner_id.id),
                    ("operator_id", "=", process.operator_id.id),
                ],
                limit=1,
            )
        )
        if not account:
            raise UserError(self.env._("%s has no active account at this operator.", process.partner_id.name))
        values = {
            "account_number": account.account_number,
            "login_ref": account.portal_login_ref,
            "login": account.portal_login,
        }
        steps = []
        actions = {"open_url": "open", "wait": "wait_for"}
        portal_host = process.operator_id.sudo().portal_host
        for step in process.operator_id.robot_step_ids:
            value, value_from, allowed_host = step.value, None, None
            if step.action == "fill" and step.value_source == "password":
                if not portal_host:
                    raise UserError(
                        self.env._(
                            "The operator %s has no portal host: an administrator sets it on the operator "
                            "before the robot may type portal passwords.",
                            process.operator_id.display_name,
                        )
                    )
                allowed_host = portal_host
            if step.action == "fill" and step.value_source != "literal":
                value_from = step.value_source
                if value_from == "password" and "password" not in values:
                    values["password"] = account._get_portal_password()
                if not values[value_from]:
                    raise UserError(
                        self.env._(
                            "The account %(account)s has no %(what)s for the robot.",
                            account=account.account_number,
                            what=dict(step._fields["value_source"]._description_selection(self.env))[step.value_source],
                        )
                    )
            steps.append(
                {
                    "action": actions.get(step.action, step.action),
                    "selector": step.selector,
                    "value": value,
                    "value_from": value_from,
                    "timeout": step.timeout,
                    "description": step._log_description(),
                    "allowed_host": allowed_host,
                }
            )
            if step.action == "download":
                break
        return steps, values
