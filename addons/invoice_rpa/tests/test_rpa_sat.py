import email
import email.policy
import uuid

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply

from .common import RpaCase
from .common_files import RpaFileCase, closed_port, make_pdf

SAT_TOKEN = "sat-token-0123456789"


def multipart_parts(request):
    """{name: (filename, content type, bytes)} of a multipart/form-data request."""
    head = f"Content-Type: {request.header('Content-Type')}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request.body, policy=email.policy.HTTP)
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_parts()
    }


@tagged("post_install", "-at_install")
class TestRpaSat(RpaFileCase):
    """"Send to SAT" against a fake SAT server on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sat = FakeHTTPServer().start()
        cls.addClassCleanup(cls.sat.stop)

    def setUp(self):
        super().setUp()
        self.sat.reset()
        self.configure_sat(f"{self.sat.url}/api/invoices")
        self.pdf = make_pdf()
        operator = self.env["rpa.operator"].create({"name": "Oi Test", "code": "OIT"})
        partner = self.env["res.partner"].create(
            {"name": "Cliente SAT", "is_rpa_client": True, "vat": "11.222.333/0001-81"})
        self.process = self.make_process("waiting_download", operator_id=operator.id, partner_id=partner.id)
        self.storage._store_process_file(self.process, "fatura-oi.pdf", self.pdf, "robot")
        self.process.with_user(self.manager).action_approve()

    def configure_sat(self, url, timeout=5):
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("invoice_rpa.sat_url", url)
        self.set_secret("sat_token", SAT_TOKEN)
        set_param("invoice_rpa.sat_timeout", str(timeout))

    def assert_unchanged_with_error(self, action, error):
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(self.process.state, "waiting_sat_upload")
        self.assertFalse(self.process.sat_upload_date)
        self.assertFalse(self.process.sat_response)
        self.assertRegex(self.process.sat_error, error)
        self.assertIn("Upload to the SAT failed", self.process.message_ids[0].body)
        self.assertNotIn(SAT_TOKEN, self.process.sat_error + action["params"]["message"])

    def test_success_sends_the_file_and_metadata(self):
        self.sat.add("POST", "/api/invoices", Reply(status=201, json={"id": "SAT-991", "status": "received"}))
        action = self.process.with_user(self.user).action_send_sat()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self.process.state, "uploaded")
        self.assertTrue(self.process.sat_upload_date)
        self.assertIn("SAT-991", self.process.sat_response)
        self.assertFalse(self.process.sat_error)
        self.assertIn("SAT-991", self.process.message_ids[0].body)
        [request] = self.sat.received("POST", "/api/invoices")
        self.assertEqual(request.header("Authorization"), f"Bearer {SAT_TOKEN}")
        parts = multipart_parts(request)
        self.assertEqual(parts["file"], ("fatura-oi.pdf", "application/pdf", self.pdf))
        self.assertEqual(parts["client_vat"][2], b"11.222.333/0001-81")
        self.assertEqual(parts["operator"][2], b"OIT")
        self.assertEqual(parts["period"][2], b"2026-11")
        self.assertEqual(parts["process_id"][2], str(self.process.id).encode())

    def test_rejected_by_the_sat(self):
        self.sat.add("POST", "/api/invoices", Reply(status=422, json={"error": "duplicate invoice"}))
        action = self.process.action_send_sat()
        self.assert_unchanged_with_error(action, "HTTP 422.*duplicate invoice")

    def test_token_echoed_by_the_sat_is_scrubbed(self):
        self.sat.add("POST", "/api/invoices", Reply(status=401, json={"error": f"token {SAT_TOKEN} expired"}))
        action = self.process.action_send_sat()
        self.assert_unchanged_with_error(action, r"HTTP 401: token \*\*\* expired")
        self.assertNotIn(SAT_TOKEN, self.process.message_ids[0].body)

    def test_sat_server_error_then_success(self):
        self.sat.queue("POST", "/api/invoices", Reply(status=503, body="maintenance"), Reply(json={"ok": True}))
        self.assert_unchanged_with_error(self.process.action_send_sat(), "HTTP 503.*maintenance")
        self.process.action_send_sat()
        self.assertEqual(self.process.state, "uploaded")
        self.assertFalse(self.process.sat_error)

    def test_sat_unreachable(self):
        self.configure_sat(f"http://127.0.0.1:{closed_port()}/api/invoices")
        self.assert_unchanged_with_error(self.process.action_send_sat(), "failed: connection failed")

    def test_sat_timeout(self):
        # Odoo's test guard raises request timeouts below 10 s to 10 s: the fake waits longer
        self.sat.add("POST", "/api/invoices", Reply(json={"ok": True}, delay=10.5))
        self.configure_sat(f"{self.sat.url}/api/invoices", timeout=1)
        self.assert_unchanged_with_error(self.process.action_send_sat(), "no answer within 1 s")

    def test_storage_down_is_reported_without_calling_the_sat(self):
        self.configure_s3(f"http://127.0.0.1:{closed_port()}")
        with self.assertLogs("odoo.addons.invoice_rpa", "WARNING"):
            action = self.process.action_send_sat()
        self.assert_unchanged_with_error(action, "could not be read")
        self.assertEqual(self.sat.count(), 0)

    def test_only_approved_processes_and_configured_endpoint(self):
        other = self.make_process("waiting_approval")
        with self.assertRaisesRegex(UserError, "Only approved invoices"):
            (self.process | other).action_send_sat()
        self.env["ir.config_parameter"].sudo().set_param("invoice_rpa.sat_url", False)
        with self.assertRaisesRegex(UserError, "not configured"):
            self.process.action_send_sat()
        self.assertEqual(self.sat.count(), 0)
        self.assertEqual(self.process.state, "waiting_sat_upload")

    def test_errors_never_show_url_credentials(self):
        url = f"http://sat-user:sat-pass-123@127.0.0.1:{closed_port()}/api/invoices?token=query-token-456"
        self.configure_sat(url)
        action = self.process.action_send_sat()
        self.assert_unchanged_with_error(
            action, r"The SAT at http://\*\*\*@127\.0\.0\.1:\d+/api/invoices\?token=\*\*\* failed")
        recorded = self.process.sat_error + action["params"]["message"] + self.process.message_ids[0].body
        for secret in ("sat-pass-123", "query-token-456", "sat-user"):
            self.assertNotIn(secret, recorded)


@tagged("post_install", "-at_install")
class TestRpaSatLock(RpaCase):
    """A second "Send to SAT" while the first one runs is refused.

    The lock is taken by another transaction, which only sees committed rows: the process
    (and the SAT URL) are committed by a cursor of their own, and removed afterwards. The
    test's own transaction touches none of these rows, so nothing waits on it.
    """

    def test_locked_process_is_not_sent_twice(self):
        sat = FakeHTTPServer().start()
        self.addCleanup(sat.stop)
        sat.add("POST", "/api/invoices", Reply(json={"ok": True}))
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '10s'")  # fail, never hang, if a row were busy
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            previous_url = env["ir.config_parameter"].get_param("invoice_rpa.sat_url")
            env["ir.config_parameter"].set_param("invoice_rpa.sat_url", f"{sat.url}/api/invoices")
            code = f"LOCK{uuid.uuid4().hex[:8].upper()}"  # committed: unique even after an aborted run
            operator = env["rpa.operator"].create({"name": "Locked SAT Operator", "code": code})
            partner = env["res.partner"].create({"name": "Locked SAT Client", "is_rpa_client": True})
            process = env["rpa.process"].create({"partner_id": partner.id, "operator_id": operator.id,
                                                 "period": "2026-11-01", "state": "waiting_sat_upload"})
            ids = (process.id, partner.id, operator.id)
        self.addCleanup(self._delete_committed, previous_url, *ids)
        with self.registry.cursor() as locker, self.registry.cursor() as cr:  # another request, sending it now
            cr.execute("SET LOCAL lock_timeout = '10s'")
            locker.execute("SELECT id FROM rpa_process WHERE id = %s FOR UPDATE", [ids[0]])
            process = api.Environment(cr, SUPERUSER_ID, {})["rpa.process"].browse(ids[0])
            with self.assertRaisesRegex(UserError, "being sent to the SAT right now"):
                process.action_send_sat()
            self.assertEqual(process.state, "waiting_sat_upload")
            cr.rollback()
            locker.rollback()
        self.assertEqual(sat.count(), 0)

    def _delete_committed(self, previous_url, process_id, partner_id, operator_id):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '10s'")
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["rpa.process"].browse(process_id).unlink()
            env["res.partner"].browse(partner_id).unlink()
            env["rpa.operator"].browse(operator_id).unlink()
            env["ir.config_parameter"].set_param("invoice_rpa.sat_url", previous_url or False)
