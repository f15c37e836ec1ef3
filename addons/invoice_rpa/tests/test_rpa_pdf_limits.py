import base64

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_files import RpaFileCase
from .hostile_pdf import bomb_pdf, deep_pdf


@tagged("post_install", "-at_install")
class TestHostilePdfUpload(HttpCase, RpaFileCase):
    """Hostile PDFs uploaded over RPC by an RPA user: a clear error, nothing stored."""

    def call(self, model, method, *args):
        response = self.opener.post(f"{self.base_url()}/web/dataset/call_kw/{model}/{method}", json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": {}},
        }, timeout=60)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_hostile_pdfs_refused(self):
        self.authenticate("rpa_case_user", "rpa_case_user")
        for name, data in (("nested", deep_pdf(200)), ("1 GB of zeros", bomb_pdf(1024))):
            with self.subTest(name):
                process = self.make_process()
                wizard = self.call("rpa.process.upload", "create", {
                    "process_id": process.id, "file": base64.b64encode(data).decode(), "filename": "f.pdf"})
                with mute_logger("odoo.http", "odoo.addons.invoice_rpa.tools.invoice_pdf", "PyPDF2"):
                    answer = self.call("rpa.process.upload", "action_confirm", wizard["result"])
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
                self.assertIn("exceeds a safety limit", answer["error"]["data"]["message"])
                process.invalidate_recordset()
                self.assertEqual(process.state, "waiting_download")
                self.assertFalse(process.storage_key or process.attachment_id)
