"""External RPA API runs of rpa.execution: start, poll and file reception as queue jobs.

Every network call happens in a ``queue_job`` job on the ``root.invoice_rpa`` channel,
never in a user request. A retryable failure (the suite's one classification: connection
errors, timeouts, 408, 429, 5xx) raises queue_job's ``RetryableJobError``: the job runs
again after the service's ``Retry-After`` or its job function's ``retry_pattern``, and
when its retries run out ``_job_on_fail`` fails the run with the last error. Any other
failure fails the run at once with the API's answer as its error.
"""

import base64
import binascii
import datetime as dt
import logging
from urllib.parse import urlsplit

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.ops_base.tools.http import HttpCallError, job_retry_error

from ..tools import http_download, invoice_pdf, rpa_api

_logger = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT = 30  # seconds to connect and between bytes of a robot's file
DOWNLOAD_TOTAL_TIMEOUT = 300  # seconds for a whole download (a dripping server is cut)


class RpaExecution(models.Model):
    _inherit = "rpa.execution"

    # ---------------------------------------------------------------- enqueueing

    def _enqueue_start(self):
        for execution in self:
            execution._robot_delay(
                priority=10,
                description=self.env._("Start robot: %s", execution.process_id.name),
            )._job_start()

    def _enqueue_poll(self, eta=None):
        for execution in self:
            execution._robot_delay(
                priority=20, eta=eta,
                identity_key=f"invoice_rpa.poll.{execution.id}",
                description=self.env._("Poll robot: %s", execution.process_id.name),
            )._job_poll()

    def _robot_payload(self, config):
        """What the robot needs to fetch the invoice (no secret: the robot holds its own
        portal credentials, referenced by ``portal_login_ref``)."""
        process = self.process_id
        accounts = self.env["rpa.client.account"].sudo().search([
            ("partner_id", "=", process.partner_id.id), ("operator_id", "=", process.operator_id.id),
        ])
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

    # ---------------------------------------------------------------- jobs

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
            return self._finish("failed", self.env._(
                "The operator %s has no RPA endpoint URL.", operator.display_name))
        try:
            job_id = rpa_api.start_job(
                operator.rpa_endpoint, operator.code, self._robot_payload(config),
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
            self._finish("timeout", self.env._(
                "The robot did not finish within %s minutes.", config["timeout_minutes"]))
            return "timeout"
        endpoint, token = self.operator_id.rpa_endpoint, rpa_api.make_token(config["secret"])
        try:
            state = rpa_api.job_status(endpoint, self.job_id, token)
            lines = rpa_api.job_logs(endpoint, self.job_id, token)
        except HttpCallError as exc:
            return self._fail_or_retry(exc)
        new_lines = lines[self.log_line_count:]
        self.sudo().write({
            "last_poll_date": fields.Datetime.now(), "log_line_count": max(len(lines), self.log_line_count),
        })
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

    # ---------------------------------------------------------------- helpers

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
                    file_url, invoice_pdf.MAX_SIZE, timeout=DOWNLOAD_TIMEOUT, total_timeout=DOWNLOAD_TOTAL_TIMEOUT,
                    headers=self._download_headers(file_url, config), allow_list=config["download_allowlist"],
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
            "Robots), cannot be reached, or did not answer with the file. The server log has the details.")

    def _download_headers(self, file_url, config):
        # the RPA API's own download links need its token; never send it to other hosts
        endpoint = urlsplit(self.operator_id.rpa_endpoint or "")
        if config["secret"] and urlsplit(file_url).netloc == endpoint.netloc and endpoint.netloc:
            return {"Authorization": f"Bearer {rpa_api.make_token(config['secret'])}"}
        return {}

    def _store_file(self, filename, content):
        process = self.process_id
        if process.state != "waiting_download":
            return self._finish("failed", self.env._(
                "The process no longer waits for a download (it is “%s”); the robot's file was not stored.",
                dict(process._fields["state"]._description_selection(self.env))[process.state]))
        try:
            with self.env.cr.savepoint():
                self.env["rpa.invoice.storage"]._store_process_file(process, filename, content, "robot")
        except UserError as exc:
            return self._finish("failed", str(exc))
        self._append_log([self.env._("Invoice %s stored.", filename)])
        return self._finish("done")
