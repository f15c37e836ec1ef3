import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common_files import RpaFileCase, closed_port, make_pdf


@tagged("post_install", "-at_install")
class TestRpaUploadWizard(RpaFileCase):
    """The "Upload Invoice" wizard of the process form, as an RPA user."""

    def open_wizard(self, process, filename):
        action = process.with_user(self.user).action_upload_invoice()
        self.assertEqual(action["res_model"], "rpa.process.upload")
        # the filename is set by the binary widget in the browser; the Form helper cannot
        wizard = self.env["rpa.process.upload"].with_user(self.user).with_context(
            **action["context"], default_filename=filename)
        return Form(wizard)

    def test_upload_as_rpa_user(self):
        process = self.make_process("error")
        pdf = make_pdf()
        with self.open_wizard(process, "fatura-outubro.pdf") as form:
            form.file = base64.b64encode(pdf)
        form.record.action_confirm()
        self.assertEqual(process.state, "waiting_approval")
        self.assertEqual(process.original_filename, "fatura-outubro.pdf")
        self.assertEqual(self.read_object(process.storage_key), pdf)
        self.assertTrue(process.has_invoice_file)
        action = process.with_user(self.user).action_download_invoice()
        self.assertEqual(action["url"], f"/invoice_rpa/process/{process.id}/invoice")

    def test_upload_refused_outside_its_states(self):
        for state in ("waiting_approval", "waiting_sat_upload", "uploaded"):
            with self.subTest(state=state), self.assertRaisesRegex(UserError, "can only be uploaded"):
                self.make_process(state).with_user(self.user).action_upload_invoice()

    def test_bad_file_in_wizard_changes_nothing(self):
        process = self.make_process()
        with self.open_wizard(process, "fatura.pdf") as form:
            form.file = base64.b64encode(b"GIF89a not a pdf at all")
        with self.assertRaisesRegex(UserError, "not a PDF"):
            form.record.action_confirm()
        self.assertEqual(process.state, "waiting_download")
        self.assertFalse(process.storage_key)

    def test_user_outside_rpa_cannot_upload(self):
        employee = new_test_user(self.env, login="rpa_outsider", groups="base.group_user")
        process = self.make_process()
        with self.assertRaises(AccessError):
            self.env["rpa.invoice.storage"].with_user(employee)._store_process_file(
                process.with_user(employee), "f.pdf", make_pdf(), "manual")
        self.assertEqual(process.state, "waiting_download")


@tagged("post_install", "-at_install")
class TestRpaDownload(HttpCase, RpaFileCase):
    """GET /invoice_rpa/process/<id>/invoice streams the PDF, with access checks."""

    def setUp(self):
        super().setUp()
        self.pdf = make_pdf(2)
        self.process = self.make_process()
        self.env["rpa.invoice.storage"]._store_process_file(self.process, "Fatura Acme.pdf", self.pdf, "robot")
        self.url = f"/invoice_rpa/process/{self.process.id}/invoice"

    def test_download_from_s3(self):
        self.authenticate(self.user.login, self.user.login)
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.pdf)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("Fatura%20Acme.pdf", response.headers["Content-Disposition"])

    def test_download_from_attachment_store(self):
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.s3_bucket", False)
        process = self.make_process()
        self.env["rpa.invoice.storage"]._store_process_file(process, "a.pdf", self.pdf, "manual")
        self.authenticate(self.user.login, self.user.login)
        response = self.url_open(f"/invoice_rpa/process/{process.id}/invoice")
        self.assertEqual((response.status_code, response.content), (200, self.pdf))

    def test_denied_and_missing(self):
        outsider = new_test_user(self.env, login="rpa_dl_outsider", groups="base.group_user")
        self.authenticate(outsider.login, outsider.login)
        self.assertEqual(self.url_open(self.url).status_code, 404)
        self.authenticate(self.user.login, self.user.login)
        self.assertEqual(self.url_open(f"/invoice_rpa/process/{self.make_process().id}/invoice").status_code, 404)
        self.assertEqual(self.url_open("/invoice_rpa/process/999999999/invoice").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(self.url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))

    def test_storage_down_answers_503(self):
        self.configure_s3(f"http://127.0.0.1:{closed_port()}")
        self.authenticate(self.user.login, self.user.login)
        with self.assertLogs("odoo.addons.invoice_rpa", "WARNING"):
            response = self.url_open(self.url)
        self.assertEqual(response.status_code, 503)
        self.assertIn("could not be read", response.text)
