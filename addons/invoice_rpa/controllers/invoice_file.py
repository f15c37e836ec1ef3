from odoo import http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request


class InvoiceFileController(http.Controller):
    """Streams the invoice PDF of a process, from S3 or from its attachment."""

    @http.route("/invoice_rpa/process/<int:process_id>/invoice", type="http", auth="user",
                methods=["GET"], readonly=True)
    def process_invoice(self, process_id, **kwargs):
        process = request.env["rpa.process"].browse(process_id).exists()
        # 404 alike for "no such process" and "not yours": ids are not disclosed
        if not process or not process.has_access("read") or not process.has_invoice_file:
            raise request.not_found()
        # a file that is not this process's own (another record's attachment, a foreign
        # object key) is not disclosed either
        if not request.env["rpa.invoice.storage"]._owns_file(process):
            raise request.not_found()
        try:
            content = request.env["rpa.invoice.storage"]._read_process_file(process)
        except UserError as exc:
            return request.make_response(
                str(exc.args[0]), status=503, headers=[("Content-Type", "text/plain; charset=utf-8")])
        return request.make_response(content, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", str(len(content))),
            ("Content-Disposition", content_disposition(process.original_filename or "invoice.pdf")),
            ("Cache-Control", "no-store"),
        ])
