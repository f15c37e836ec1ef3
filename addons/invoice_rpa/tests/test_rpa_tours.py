from odoo.tests import HttpCase, new_test_user, tagged

from .common_files import RpaFileCase, make_pdf


@tagged("post_install", "-at_install")
class TestRpaTours(HttpCase, RpaFileCase):
    """The process views in a real browser (headless Chromium)."""

    def test_manager_approves_in_the_browser(self):
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.s3_bucket", False)
        partner = self.env["res.partner"].create({"name": "Tour Approval Client", "is_rpa_client": True})
        process = self.make_process(partner_id=partner.id)
        self.storage._store_process_file(process, "fatura.pdf", make_pdf(), "robot")
        self.start_tour("/odoo", "invoice_rpa_approve_tour", login=self.manager.login)
        self.assertEqual(process.state, "waiting_sat_upload")

    def test_user_opens_the_upload_wizard(self):
        partner = self.env["res.partner"].create({"name": "Tour Upload Client", "is_rpa_client": True})
        process = self.make_process(partner_id=partner.id, period=self.env["rpa.process"]._default_period())
        self.start_tour("/odoo", "invoice_rpa_upload_wizard_tour", login=self.user.login)
        self.assertEqual(process.state, "waiting_download")

    def test_admin_tests_the_s3_connection(self):
        admin = new_test_user(self.env, login="rpa_tour_admin", groups="base.group_system,invoice_rpa.group_rpa_user")
        self.start_tour("/odoo", "invoice_rpa_settings_tour", login=admin.login)

    def test_user_uploads_an_invoice_in_the_browser(self):
        partner = self.env["res.partner"].create({"name": "Tour Real Upload Client", "is_rpa_client": True})
        process = self.make_process(partner_id=partner.id, period=self.env["rpa.process"]._default_period())
        self.start_tour("/odoo", "invoice_rpa_upload_tour", login=self.user.login)
        self.assertEqual(process.state, "waiting_approval")
        self.assertEqual(process.original_filename, "fatura-tour.pdf")
        content = self.read_object(process.storage_key)  # what the browser sent, now in S3
        self.assertTrue(content.startswith(b"%PDF-1.4\n1 0 obj"))
        self.assertEqual(self.storage._read_process_file(process), content)
