from odoo.tests import HttpCase, tagged

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
