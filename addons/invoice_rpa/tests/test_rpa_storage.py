
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools.invoice_pdf import MAX_SIZE
from .common_files import BUCKET, PNG, SECRET_KEY, RpaFileCase, closed_port, make_pdf, start_moto, stop_moto


@tagged("post_install", "-at_install")
class TestRpaStorageS3(RpaFileCase):
    """rpa.invoice.storage against moto's S3 server on 127.0.0.1."""

    def setUp(self):
        super().setUp()
        self.operator = self.env["rpa.operator"].create({"name": "Vivo Test", "code": "vivo-t"})
        self.partner = self.env["res.partner"].create(
            {"name": "Cliente Ação", "is_rpa_client": True, "vat": "12.345.678/0001-90"})
        self.process = self.make_process(operator_id=self.operator.id, partner_id=self.partner.id)

    def test_manual_upload_goes_to_s3_with_the_agreed_key(self):
        pdf = make_pdf(2)
        self.storage._store_process_file(self.process, "C:\\faturas\\Fatura Nov/2026.PDF", pdf, "manual")
        key = self.process.storage_key
        self.assertRegex(key, r"^pdfs/VIVO-T/12_345_678_0001-90_2026_11_\d{14}_2026\.pdf$")
        self.assertEqual(self.read_object(key), pdf)
        self.assertEqual(self.process.state, "waiting_approval")
        self.assertEqual(self.process.original_filename, "2026.PDF")
        self.assertTrue(self.process.manual_upload_date)
        self.assertFalse(self.process.attachment_id)
        self.assertFalse(self.process_attachments(self.process))
        self.assertIn("Waiting Approval", self.process.message_ids[0].body)
        self.assertEqual(self.storage._read_process_file(self.process), pdf)

    def test_robot_download_goes_to_s3_without_manual_date(self):
        partner = self.env["res.partner"].create({"name": "Sem CNPJ / Ltda", "is_rpa_client": True})
        process = self.make_process(operator_id=self.operator.id, partner_id=partner.id, period="2026-02-10")
        pdf = make_pdf()
        self.storage._store_process_file(process, "../../etc/passwd.pdf", pdf, "robot")
        self.assertRegex(process.storage_key, rf"^pdfs/VIVO-T/Sem_CNPJ_Ltda-{partner.id}_2026_02_\d{{14}}_passwd\.pdf$")
        self.assertEqual(self.read_object(process.storage_key), pdf)
        self.assertEqual(process.state, "waiting_approval")
        self.assertFalse(process.manual_upload_date)

    def test_manual_upload_restarts_a_rejected_process(self):
        process = self.make_process("rejected", operator_id=self.operator.id, partner_id=self.partner.id,
                                    period="2026-10-01", reject_reason="wrong month")
        self.storage._store_process_file(process, "fatura.pdf", make_pdf(), "manual")
        self.assertEqual(process.state, "waiting_approval")
        bodies = process.message_ids.mapped("body")
        self.assertTrue(any("Waiting Download" in body and "Rejected" in body for body in bodies))

    def test_robot_download_replaces_a_rejected_manual_upload(self):
        self.storage._store_process_file(self.process, "manual.pdf", make_pdf(), "manual")
        first_key = self.process.storage_key
        self.process._transition("rejected", reject_reason="wrong client")
        self.process.action_rerun()
        pdf = make_pdf(3)
        self.storage._store_process_file(self.process, "robot.pdf", pdf, "robot")
        self.assertNotEqual(self.process.storage_key, first_key)
        self.assertEqual(self.storage._read_process_file(self.process), pdf)
        self.assertEqual(self.process.original_filename, "robot.pdf")
        self.assertFalse(self.process.manual_upload_date)

    def test_robot_cannot_store_over_a_rejected_or_approved_process(self):
        for month, state in enumerate(("rejected", "waiting_approval", "waiting_sat_upload", "uploaded"), 1):
            with self.subTest(state=state):
                process = self.make_process(state, operator_id=self.operator.id,
                                            partner_id=self.partner.id, period=f"2025-{month:02d}-01")
                before, keys = self.snapshot(process), self.object_keys()
                with self.assertRaisesRegex(UserError, "cannot go from"):
                    self.storage._store_process_file(process, "f.pdf", make_pdf(), "robot")
                self.assertEqual(self.snapshot(process), before)
                self.assertEqual(self.object_keys(), keys)

    def test_bad_files_are_refused_by_content(self):
        truncated = make_pdf(3)[:-200]
        too_large = b"%PDF-1.4\n" + b"0" * MAX_SIZE
        cases = [
            ("png renamed", PNG + b"\x00" * 64, "not a PDF"),
            ("truncated", truncated[: len(truncated) // 2], "damaged, truncated"),
            ("too large", too_large, "too large"),
            ("empty", b"", "empty"),
        ]
        before, keys = self.snapshot(self.process), self.object_keys()
        for label, content, message in cases:
            with self.subTest(label), self.assertRaisesRegex(UserError, message):
                self.storage._store_process_file(self.process, "fatura.pdf", content, "manual")
            self.assertEqual(self.snapshot(self.process), before)
        self.assertEqual(self.object_keys(), keys)

    def test_unreachable_s3_changes_nothing_and_hides_the_secret(self):
        self.configure_s3(f"http://127.0.0.1:{closed_port()}")
        before = self.snapshot(self.process)
        with self.assertLogs("odoo.addons.invoice_rpa", "WARNING") as logs, \
                self.assertRaisesRegex(UserError, "not changed.*cannot be reached") as caught:
            self.storage._store_process_file(self.process, "fatura.pdf", make_pdf(), "manual")
        self.assertEqual(self.snapshot(self.process), before)
        self.assertNotIn(SECRET_KEY, str(caught.exception) + "\n".join(logs.output))

    def test_stopped_s3_server_changes_nothing(self):
        server, url = start_moto()
        stop_moto(server)
        self.configure_s3(url)
        before = self.snapshot(self.process)
        with self.assertRaisesRegex(UserError, "could not be stored"), self.assertLogs(level="WARNING"):
            self.storage._store_process_file(self.process, "fatura.pdf", make_pdf(), "robot")
        self.assertEqual(self.snapshot(self.process), before)

    def test_missing_bucket_changes_nothing(self):
        self.configure_s3(self.s3_url, bucket="no-such-bucket")
        before = self.snapshot(self.process)
        with self.assertRaisesRegex(UserError, "does not exist"), self.assertLogs(level="WARNING"):
            self.storage._store_process_file(self.process, "fatura.pdf", make_pdf(), "manual")
        self.assertEqual(self.snapshot(self.process), before)

    def test_rollback_deletes_the_stored_object(self):
        self.storage._store_process_file(self.process, "fatura.pdf", make_pdf(), "manual")
        key = self.process.storage_key
        self.assertIn(key, self.object_keys())
        # what cr.rollback() runs once the SQL transaction is rolled back
        self.env.cr.postrollback.run()
        self.assertNotIn(key, self.object_keys())

    def test_read_errors(self):
        with self.assertRaisesRegex(UserError, "no invoice file"):
            self.storage._read_process_file(self.process)
        self.storage._store_process_file(self.process, "fatura.pdf", make_pdf(), "manual")
        self.s3.delete_object(Bucket=BUCKET, Key=self.process.storage_key)
        with self.assertRaisesRegex(UserError, "could not be read"), self.assertLogs(level="WARNING"):
            self.storage._read_process_file(self.process)
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.s3_bucket", False)
        with self.assertRaisesRegex(UserError, "no longer configured"):
            self.storage._read_process_file(self.process)


@tagged("post_install", "-at_install")
class TestRpaStorageAttachment(RpaFileCase):
    """Without a bucket, the same flow stores the PDF as an attachment of the process."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.s3_bucket", False)

    def test_attachment_store(self):
        process = self.make_process()
        pdf = make_pdf()
        self.storage.with_user(self.user)._store_process_file(
            process.with_user(self.user), "fatura.pdf", pdf, "manual")
        self.assertEqual(process.state, "waiting_approval")
        self.assertFalse(process.storage_key)
        attachment = process.attachment_id
        self.assertEqual(attachment, self.process_attachments(process))
        self.assertEqual((attachment.name, attachment.mimetype, attachment.raw), ("fatura.pdf", "application/pdf", pdf))
        self.assertEqual(self.storage.with_user(self.user)._read_process_file(process.with_user(self.user)), pdf)

    def test_failed_transition_leaves_no_attachment(self):
        process = self.make_process("uploaded")
        before = self.snapshot(process)
        with self.assertRaises(UserError):
            self.storage._store_process_file(process, "fatura.pdf", make_pdf(), "manual")
        self.assertEqual(self.snapshot(process), before)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "fatura.pdf"), ("res_id", "=", process.id)]))

    def test_unknown_source_is_a_programming_error(self):
        with self.assertRaises(ValueError):
            self.storage._store_process_file(self.make_process(), "f.pdf", make_pdf(), "email")

    def test_file_fields_are_not_writable_by_users(self):
        process = self.make_process().with_user(self.user)
        for vals in ({"storage_key": "pdfs/OTHER/x.pdf"}, {"original_filename": "x.pdf"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only change through its buttons"):
                process.write(vals)
        with self.assertRaisesRegex(UserError, "only changes through its buttons"):
            process.with_context(rpa_transition=True).write({"state": "uploaded"})
        self.assertEqual(process.state, "waiting_download")
