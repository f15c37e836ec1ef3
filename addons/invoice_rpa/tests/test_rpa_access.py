"""RPC is a public API: what RPA users and managers can do to processes over
``/web/dataset/call_kw`` and the invoice download route (issue 10, items 1 and 2)."""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import RpaCase
from .common_files import make_pdf


class RpaRpcCase(RpaCase, HttpCase):
    """RpaCase + JSON-RPC calls as a given user."""

    def call_kw(self, user, model, method, args, kwargs=None):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {},
        })

    def assert_refused(self, user, model, method, args, *, kwargs=None, error="UserError"):
        with self.assertRaises(JsonRpcException) as caught:
            self.call_kw(user, model, method, args, kwargs)
        self.assertIn(error, str(caught.exception))


@tagged("post_install", "-at_install")
class TestRpaProcessAccess(RpaRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("invoice_rpa.s3_bucket", False)
        cls.operator = cls.make_operators()
        cls.partner = cls.env["res.partner"].create({"name": "Access Client", "is_rpa_client": True})
        cls.other_partner = cls.env["res.partner"].create({"name": "Other Client", "is_rpa_client": True})
        # someone else's file: a PDF attached to a partner
        cls.foreign = cls.env["ir.attachment"].create({
            "name": "secret.pdf", "raw": make_pdf(title="Secret"), "res_model": "res.partner",
            "res_id": cls.other_partner.id, "mimetype": "application/pdf",
        })

    def new_vals(self, **extra):
        return dict({"partner_id": self.partner.id, "operator_id": self.operator.id, "period": "2026-08-01"}, **extra)

    def count(self):
        return self.env["rpa.process"].search_count([("partner_id", "=", self.partner.id)])

    def test_create_refuses_file_fields_and_state(self):
        forged = [
            {"attachment_id": self.foreign.id},
            {"storage_key": "pdfs/OTHER/other_2026_08_20260801000000_x.pdf"},
            {"original_filename": "x.pdf"},
            {"sat_response": "HTTP 201"},
            {"state": "waiting_sat_upload"},
            {"reject_reason": "forged"},
        ]
        for month, extra in enumerate(forged, 1):
            with self.subTest(extra=extra):
                vals = self.new_vals(period=f"2026-{month:02d}-01", **extra)
                self.assert_refused(self.manager, "rpa.process", "create", [vals])
        self.assertEqual(self.count(), 0)
        self.call_kw(self.manager, "rpa.process", "create", [self.new_vals()])
        self.assertEqual(self.count(), 1)

    def test_download_refuses_a_file_that_is_not_the_process_own(self):
        # such rows cannot be made over RPC any more; older ones must still not leak
        stolen = self.make_process("waiting_approval", partner_id=self.partner.id, operator_id=self.operator.id,
                                   attachment_id=self.foreign.id)
        keyed = self.make_process("waiting_approval", partner_id=self.partner.id, operator_id=self.operator.id,
                                  period="2026-07-01", storage_key="backups/database.dump")
        self.authenticate(self.manager.login, self.manager.login)
        for process in (stolen, keyed):
            with self.subTest(process=process.storage_key or "attachment"):
                response = self.url_open(f"/invoice_rpa/process/{process.id}/invoice")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(b"Secret", response.content)
        own = self.make_process(partner_id=self.partner.id, operator_id=self.operator.id, period="2026-06-01")
        self.env["rpa.invoice.storage"]._store_process_file(own, "own.pdf", make_pdf(title="Own"), "manual")
        response = self.url_open(f"/invoice_rpa/process/{own.id}/invoice")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, make_pdf(title="Own"))

    def test_business_fields_are_frozen_for_users(self):
        process = self.make_process(partner_id=self.partner.id, operator_id=self.operator.id)
        company = self.env["res.company"].create({"name": "Other Company RPA"})
        for vals in ({"partner_id": self.other_partner.id}, {"operator_id": self.make_operators().id},
                     {"period": "2026-01-01"}, {"company_id": company.id}, {"reject_reason": "x"}):
            with self.subTest(vals=vals):
                self.assert_refused(self.user, "rpa.process", "write", [process.ids, vals])
        process.invalidate_recordset()
        self.assertEqual((process.partner_id, process.operator_id, str(process.period)),
                         (self.partner, self.operator, "2026-11-01"))

    def test_managers_correct_only_while_waiting_for_the_download(self):
        process = self.make_process(partner_id=self.partner.id, operator_id=self.operator.id)
        self.call_kw(self.manager, "rpa.process", "write", [process.ids, {"partner_id": self.other_partner.id}])
        self.assertEqual(process.partner_id, self.other_partner)
        self.assert_refused(self.manager, "rpa.process", "write", [process.ids, {"reject_reason": "x"}])
        states = ("waiting_approval", "waiting_sat_upload", "uploaded", "rejected", "error")
        for month, state in enumerate(states, 1):
            approved = self.make_process(state, partner_id=self.partner.id, operator_id=self.operator.id,
                                         period=f"2025-{month:02d}-01")
            with self.subTest(state=state):
                self.assert_refused(self.manager, "rpa.process", "write",
                                    [approved.ids, {"partner_id": self.other_partner.id}])
                self.assert_refused(self.manager, "rpa.process", "write", [approved.ids, {"period": "2024-01-01"}])
                self.assertEqual(approved.partner_id, self.partner)

    def test_reject_reason_only_through_the_wizard(self):
        process = self.make_process("waiting_approval", partner_id=self.partner.id, operator_id=self.operator.id)
        self.assert_refused(self.manager, "rpa.process", "write", [process.ids, {"reject_reason": "typed"}])
        [wizard_id] = self.call_kw(self.manager, "rpa.process.reject", "create",
                                   [[{"process_ids": [[6, 0, process.ids]], "reason": "wrong month"}]])
        self.call_kw(self.manager, "rpa.process.reject", "action_confirm", [[wizard_id]])
        process.invalidate_recordset()
        self.assertEqual((process.state, process.reject_reason), ("rejected", "wrong month"))

    def test_only_administrators_set_the_portal_host(self):
        # RPA managers edit robot recipes: the host that may receive portal passwords is
        # not theirs to choose
        self.assert_refused(self.manager, "rpa.operator", "write",
                            [self.operator.ids, {"portal_host": "evil.example.com"}], error="AccessError")
        self.assert_refused(self.manager, "rpa.operator", "create",
                            [{"name": "Evil", "code": "EVIL", "portal_host": "evil.example.com"}], error="AccessError")
        self.assertFalse(self.operator.portal_host)

    def test_robot_runs_are_written_by_the_robots_only(self):
        # a forged "running" execution with a chosen job id would let a callback store a
        # file on any process; status, log and errors are the robots' record
        process = self.make_process(partner_id=self.partner.id, operator_id=self.operator.id)
        self.assert_refused(self.manager, "rpa.execution", "create",
                            [{"process_id": process.id, "status": "running", "job_id": "forged"}], error="AccessError")
        execution = self.env["rpa.execution"].create({"process_id": process.id, "runner": "api"})
        self.assert_refused(self.manager, "rpa.execution", "write",
                            [execution.ids, {"status": "done", "error": "forged"}], error="AccessError")
        self.assertEqual(execution.status, "queued")

    def test_only_managers_run_schedules(self):
        schedule = self.env["rpa.schedule"].create({"name": "Access schedule", "task_type": "create_monthly"})
        self.assert_refused(self.user, "rpa.schedule", "action_run_now", [schedule.ids], error="AccessError")
        self.assertFalse(schedule.run_count)
        self.call_kw(self.manager, "rpa.schedule", "action_run_now", [schedule.ids])
        self.assertEqual(schedule.run_count, 1)

    def test_download_queue_is_not_writable(self):
        process = self.make_process(partner_id=self.partner.id, operator_id=self.operator.id)
        self.assert_refused(self.user, "rpa.process", "write",
                            [process.ids, {"download_requested_at": "2020-01-01 00:00:00"}])
        self.assert_refused(self.manager, "rpa.process", "create",
                            [self.new_vals(download_requested_at="2020-01-01 00:00:00")])
        self.assertFalse(process.download_requested_at)
