from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models.rpa_process import ALLOWED, STATES
from .common import RpaCase


@tagged("post_install", "-at_install")
class TestRpaProcess(RpaCase):
    def test_name_and_period(self):
        operator = self.make_operators()
        partner = self.env["res.partner"].create({"name": "Client X", "is_rpa_client": True})
        process = self.make_process(operator_id=operator.id, partner_id=partner.id, period="2026-11-17")
        self.assertEqual(str(process.period), "2026-11-01")
        self.assertEqual(process.name, f"{operator.code} / Client X / 2026-11")

    def test_every_allowed_transition(self):
        pairs = [(src, dst) for src, targets in ALLOWED.items() for dst in targets]
        self.assertEqual(len(pairs), 7)
        for src, dst in pairs:
            with self.subTest(src=src, dst=dst):
                process = self.make_process(src)
                vals = {"reject_reason": "wrong month"} if dst == "rejected" else {}
                process.with_context(tracking_disable=False)._transition(dst, **vals)
                self.assertEqual(process.state, dst)
                self.assertIn("moved the process", process.message_ids[0].body)

    def test_forbidden_transitions(self):
        states = [key for key, _label in STATES]
        forbidden = [(src, dst) for src in states for dst in states if dst not in ALLOWED[src]]
        self.assertGreater(len(forbidden), 20)
        for src, dst in forbidden:
            with self.subTest(src=src, dst=dst):
                process = self.make_process(src)
                with self.assertRaisesRegex(UserError, "cannot go from"):
                    process._transition(dst, reject_reason="x")
                self.assertEqual(process.state, src)

    def test_state_not_writable_directly(self):
        process = self.make_process()
        with self.assertRaises(UserError):
            process.write({"state": "uploaded"})
        self.assertEqual(process.state, "waiting_download")

    def test_batch_transition_is_all_or_nothing(self):
        ok = self.make_process("waiting_approval")
        bad = self.make_process("uploaded")
        with self.assertRaises(UserError):
            (ok | bad)._transition("waiting_sat_upload")
        self.assertEqual(ok.state, "waiting_approval")

    def test_approve_denied_to_plain_user(self):
        process = self.make_process("waiting_approval")
        with self.assertRaises(AccessError):
            process.with_user(self.user).action_approve()
        with self.assertRaises(AccessError):
            process.with_user(self.user).action_reject()
        self.assertEqual(process.state, "waiting_approval")
        process.with_user(self.manager).action_approve()
        self.assertEqual(process.state, "waiting_sat_upload")

    def test_reject_needs_a_reason(self):
        process = self.make_process("waiting_approval")
        with self.assertRaisesRegex(UserError, "reason is required"):
            process._transition("rejected")
        action = process.with_user(self.manager).action_reject()
        self.assertEqual(action["res_model"], "rpa.process.reject")
        Wizard = self.env["rpa.process.reject"].with_user(self.manager).with_context(**action["context"])
        wizard = Wizard.create({"reason": "   "})
        with self.assertRaisesRegex(UserError, "reason is required"):
            wizard.action_confirm()
        self.assertEqual(process.state, "waiting_approval")
        with Form(Wizard) as form:
            form.reason = "Invoice of the wrong month"
        form.record.action_confirm()
        self.assertEqual(process.state, "rejected")
        self.assertEqual(process.reject_reason, "Invoice of the wrong month")
        process.with_user(self.user).action_rerun()
        self.assertEqual(process.state, "waiting_download")

    def test_user_cannot_delete(self):
        process = self.make_process()
        with self.assertRaises(AccessError):
            process.with_user(self.user).unlink()
