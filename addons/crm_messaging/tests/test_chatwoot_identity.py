"""Chatwoot identity over the real webhook: an email or phone typed by a website visitor
is not proof of who they are. Only inboxes set as identity-verified on the channel are
trusted to match partners, relink conversations and change consent."""

import time

from odoo.tests import HttpCase, tagged

from odoo.addons.queue_job.job import Job

from ..tools.chatwoot import sign_chatwoot
from .common import CHATWOOT_SECRET, MessagingKeyMixin, dumps
from .test_processing_conversations import cw_message

VICTIM_PHONE = "+5511988887777"
VICTIM_EMAIL = "victim@example.com"


@tagged("post_install", "-at_install")
class TestChatwootIdentity(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.br")
        cls.chatwoot = cls.make_channel("chatwoot", account_ref="1")
        cls.victim = cls.env["res.partner"].create({"name": "Vítima", "phone": VICTIM_PHONE, "email": VICTIM_EMAIL})
        cls.victim_lead = cls.env["crm.lead"].create(
            {"name": "Pedido da vítima", "partner_id": cls.victim.id, "user_id": False}
        )
        cls.victim_lead._link_chatwoot_conversation(cls.chatwoot, "500")
        cls.consent = cls.env["messaging.consent"]
        cls.consent._record_consent(VICTIM_PHONE, "chatwoot", "opted_in", "test")

    def deliver(self, payload):
        body = dumps(payload)
        headers = {"Content-Type": "application/json", **sign_chatwoot(body, CHATWOOT_SECRET, int(time.time()))}
        response = self.url_open(f"/webhook/chatwoot/{self.chatwoot.id}", data=body, headers=headers)
        self.assertEqual(response.status_code, 200, response.text)
        for stored in self.env["queue.job"].search([("model_name", "=", "messaging.inbox"), ("state", "=", "pending")]):
            Job.load(self.env, stored.uuid).perform()
        self.env.invalidate_all()

    def visitor(self, message_id, content="Olá", inbox_id=3, conversation=900):
        """A widget visitor who typed the victim's email and phone."""
        payload = cw_message(
            message_id,
            content=content,
            conversation=conversation,
            name="Impostor",
            phone_number=VICTIM_PHONE,
            email=VICTIM_EMAIL,
        )
        payload["conversation"]["inbox_id"] = inbox_id
        payload["inbox"]["id"] = inbox_id
        return payload

    def test_untrusted_inbox_visitor_gets_a_separate_lead(self):
        notes_before = len(self.victim_lead.message_ids)
        self.deliver(self.visitor(9001, content="Quero mudar o endereço de entrega"))
        self.deliver(self.visitor(9002, content="STOP"))
        lead = self.env["crm.lead"].search([("chatwoot_conversation_id", "=", "900")])
        self.assertEqual(len(lead), 1, "one separate lead for the visitor's conversation")
        self.assertNotEqual(lead, self.victim_lead)
        self.assertFalse(lead.partner_id, "not filed as the partner whose email / phone was typed")
        self.assertFalse(lead.email_from or lead.phone, "typed contact details are not trusted data")
        self.assertIn(VICTIM_EMAIL, lead.description, "the typed details are kept for the salesperson")
        self.assertEqual(len(lead.message_ids.filtered(lambda m: "STOP" in (m.body or ""))), 1)
        self.assertEqual(len(self.victim_lead.message_ids), notes_before, "nothing filed on the victim's lead")
        self.assertEqual(self.victim_lead.chatwoot_conversation_id, "500", "the victim's conversation is not relinked")
        self.assertFalse(self.victim.chatwoot_conversation_id)
        self.assertEqual(self.consent._get_consent(VICTIM_PHONE, "chatwoot").state, "opted_in", "consent unchanged")

    def test_identity_verified_inbox_is_trusted(self):
        self.chatwoot.chatwoot_verified_inbox_ids = "7, 3"
        self.deliver(self.visitor(9101, content="STOP"))
        self.assertFalse(
            self.env["crm.lead"].search([("chatwoot_conversation_id", "=", "900"), ("id", "!=", self.victim_lead.id)])
        )
        self.assertEqual(self.victim_lead.chatwoot_conversation_id, "900")
        self.assertEqual(self.consent._get_consent(VICTIM_PHONE, "chatwoot").state, "opted_out")
        # Another inbox of the same account stays untrusted.
        self.deliver(self.visitor(9102, inbox_id=4, conversation=901))
        self.assertEqual(self.victim_lead.chatwoot_conversation_id, "900")
        other = self.env["crm.lead"].search([("chatwoot_conversation_id", "=", "901")])
        self.assertEqual((len(other), other.partner_id), (1, self.env["res.partner"]))
