from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file

from ..tools.invoice_pdf import check_pdf

DEMO_FILES = ("demo/rpa_operator_demo.xml", "demo/rpa_process_demo.xml",
              "demo/rpa_robot_demo.xml", "demo/rpa_file_demo.xml")


@tagged("post_install", "-at_install")
class TestRpaDemo(TransactionCase):
    """The demo processes of this month carry real invoice PDFs in the attachment store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("invoice_rpa.process_acme_vivo", raise_if_not_found=False):
            # a database without demo data: load the addon's demo files for this test
            # (rolled back with it), so the files themselves are what is checked
            for filename in DEMO_FILES:
                convert_file(cls.env, "invoice_rpa", filename, {}, mode="init", noupdate=True)

    def test_demo_processes_have_readable_invoices(self):
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.s3_bucket", False)
        names = ["process_acme_vivo", "process_boa_vista_vivo", "process_cerrado_embratel"]
        processes = self.env["rpa.process"].browse([self.env.ref(f"invoice_rpa.{name}").id for name in names])
        self.assertEqual(processes.mapped("state"), ["waiting_approval", "uploaded", "waiting_sat_upload"])
        for process in processes:
            content = self.env["rpa.invoice.storage"]._read_process_file(process)
            self.assertEqual(check_pdf(content), 1)
            self.assertEqual(process.attachment_id.res_id, process.id)
        demo = self.env["rpa.process"].search([("partner_id.name", "in", [
            "Acme Logística Ltda", "Boa Vista Distribuidora", "Cerrado Serviços S.A."])])
        self.assertGreaterEqual(len(set(demo.mapped("state"))), 6, "every state is shown in the demo")
