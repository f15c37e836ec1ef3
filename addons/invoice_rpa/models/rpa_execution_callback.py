"""Robot callbacks (``POST /invoice_rpa/callback``) handled on rpa.execution.

The request only records: a base64 PDF is checked and kept as a temporary attachment
of the execution, a file URL is remembered; a queue job then stores the invoice (S3 or
attachment) or downloads it. The first accepted callback wins; any later one for the
same job is answered "duplicate" and changes nothing.
"""

import base64
import binascii

from odoo import api, fields, models

from ..tools import invoice_pdf, rpa_api
from .rpa_execution import IN_FLIGHT

_TEXT_MAX = 2000  # characters kept of a robot's error message


class RpaExecution(models.Model):
    _inherit = "rpa.execution"  # pylint: disable=consider-merging-classes-inherited

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
            [("job_id", "=", str(data["job_id"]).strip()), ("runner", "=", "api")], order="id desc", limit=1)
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
            attachment = self.env["ir.attachment"].sudo().create({
                "name": filename or "invoice.pdf", "raw": content, "mimetype": "application/pdf",
                "res_model": self._name, "res_id": self.id,
            })
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
