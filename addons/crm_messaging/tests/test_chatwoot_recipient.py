"""Chatwoot replies over RPC, as a Messaging User: the recipient is a conversation id,
never a piece of API path, and the consent checked is the addressed conversation's."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.queue_job.job import Job

from .common_outbound import OutboundMixin


@tagged("post_install", "-at_install")
class TestChatwootRecipient(OutboundMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = new_test_user(cls.env, login="msg_cw_sender", groups="crm_messaging.group_messaging_user")

    def compose_and_send(self, recipient):
        """Create the composer and send over ``call_kw`` as the Messaging User."""
        self.authenticate(self.sender.login, self.sender.login)
        wizard_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw/messaging.composer/create",
            {
                "model": "messaging.composer",
                "method": "create",
                "args": [
                    {
                        "res_model": "crm.lead",
                        "res_id": self.lead.id,
                        "channel_id": self.chatwoot.id,
                        "recipient": recipient,
                        "body": "Olá",
                    }
                ],
                "kwargs": {},
            },
        )
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/messaging.composer/action_send",
            {"model": "messaging.composer", "method": "action_send", "args": [wizard_id], "kwargs": {}},
        )

    def run_outbound_jobs(self):
        for stored in self.env["queue.job"].search([("model_name", "=", "messaging.outbound")]):
            Job.load(self.env, stored.uuid).perform()

    def test_a_recipient_that_is_not_a_conversation_id_is_refused(self):
        for recipient in ("1/../../accounts/1/agents", "12?x=", "12#", "%2e%2e", " 42/x", "-1"):
            with self.subTest(recipient=recipient), self.assertRaises(JsonRpcException) as error:
                self.compose_and_send(recipient)
            self.assertIn("UserError", str(error.exception))
        self.run_outbound_jobs()
        self.assertFalse(self.server.received(), "nothing may reach Chatwoot")
        self.assertFalse(self.env["messaging.outbound"].search([("channel_id", "=", self.chatwoot.id)]))

    def test_consent_of_the_addressed_conversation_applies(self):
        stopped = self.env["crm.lead"].create(
            {"name": "Parou", "phone": "+55 11 97777-0001", "chatwoot_conversation_id": "77", "user_id": False}
        )
        stopped.chatwoot_channel_id = self.chatwoot
        self.env["messaging.consent"]._record_consent("+5511977770001", "chatwoot", "opted_out", "test")
        action = self.compose_and_send("77")
        self.assertEqual(action["params"]["type"], "warning", action)
        outbound = self.env["messaging.outbound"].search([("channel_id", "=", self.chatwoot.id)])
        self.assertEqual(outbound.state, "blocked")
        self.run_outbound_jobs()
        self.assertFalse(self.server.received())
