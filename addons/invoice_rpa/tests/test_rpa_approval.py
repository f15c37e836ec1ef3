from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_files import RpaFileCase, make_pdf


@tagged("post_install", "-at_install")
class TestRpaApproval(RpaFileCase):
    """Approve / Reject are for RPA managers only, from the stored invoice to the SAT queue."""

    def setUp(self):
        super().setUp()
        self.process = self.make_process()
        self.storage._store_process_file(self.process.with_user(self.user), "f.pdf", make_pdf(), "manual")

    def test_manager_approves_and_is_named_in_the_chatter(self):
        self.process.with_user(self.manager).with_context(tracking_disable=False).action_approve()
        self.assertEqual(self.process.state, "waiting_sat_upload")
        self.assertIn(self.manager.name, self.process.message_ids[0].body)

    def test_rpa_user_cannot_reject_through_the_wizard(self):
        with self.assertRaises(AccessError):
            self.env["rpa.process.reject"].with_user(self.user).create(
                {"process_ids": [self.process.id], "reason": "I do not like it"})
        wizard = self.env["rpa.process.reject"].with_user(self.manager).create(
            {"process_ids": [self.process.id], "reason": "wrong month"})
        with self.assertRaises(AccessError):
            wizard.with_user(self.user).action_confirm()
        self.assertEqual(self.process.state, "waiting_approval")
        wizard.action_confirm()
        self.assertEqual(self.process.state, "rejected")
        self.assertEqual(self.process.reject_reason, "wrong month")

    def test_user_cannot_forge_an_approval_over_rpc(self):
        # what a JSON-RPC client could send: a context it makes up, with JSON values only
        process = self.process.with_user(self.user).with_context(rpa_transition=True)
        with self.assertRaisesRegex(UserError, "only changes through its buttons"):
            process.write({"state": "waiting_sat_upload"})
        self.assertEqual(self.process.state, "waiting_approval")

    def test_manager_rejects_several_processes_at_once(self):
        other = self.make_process("waiting_approval")
        processes = (self.process | other).with_user(self.manager)
        action = processes.action_reject()
        wizard = self.env["rpa.process.reject"].with_user(self.manager).with_context(**action["context"]).create(
            {"reason": "Invoices of the previous month"})
        self.assertEqual(wizard.process_ids, self.process | other)
        wizard.action_confirm()
        self.assertEqual(set((self.process | other).mapped("state")), {"rejected"})
