"""Processing of WhatsApp (Uazapi) and Chatwoot inbox rows into CRM."""

import json

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from .test_processing import ProcessingMixin

WA_NUMBER = "+5511955554444"
QUIET = "odoo.addons.crm_messaging.models.messaging_inbox"


def wa_message(message_id, text="Oi, quero saber o preço", number=WA_NUMBER, **message):
    """A Uazapi ``messages`` event as uazapiGO sends it."""
    chatid = f"{number.lstrip('+')}@s.whatsapp.net"
    return {
        "EventType": "messages",
        "instanceName": "vendas",
        "owner": "5511900000000",
        "chat": {"wa_chatid": chatid, "name": "Ana Souza", "phone": number},
        "message": {
            "id": f"5511900000000:{message_id}",
            "messageid": message_id,
            "chatid": chatid,
            "sender": chatid,
            "senderName": "Ana Souza",
            "isGroup": False,
            "fromMe": False,
            "wasSentByApi": False,
            "messageType": "Conversation",
            "messageTimestamp": 1763784000000,
            "text": text,
            "fileURL": "",
            **message,
        },
    }


def cw_message(message_id, content="Preciso de um orçamento", message_type="incoming", conversation=17, **contact):
    """A Chatwoot ``message_created`` event."""
    contact = {"id": 9, "name": "Maria Lima", "phone_number": "+5511999990000", "email": None, **contact}
    return {
        "event": "message_created",
        "id": message_id,
        "content": content,
        "message_type": message_type,
        "content_type": "text",
        "private": False,
        "created_at": "2026-11-22T04:00:00.000Z",
        "attachments": [],
        "sender": {**contact, "type": "contact"}
        if message_type == "incoming"
        else {"id": 1, "name": "Agente", "type": "user"},
        "conversation": {"id": conversation, "inbox_id": 3, "meta": {"sender": contact}},
        "account": {"id": 1, "name": "Acme"},
        "inbox": {"id": 3, "name": "Site"},
    }


class ConversationMixin(ProcessingMixin):
    """Quo, Uazapi and Chatwoot channels, and :meth:`store` that runs the processing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uazapi = cls.make_channel("uazapi")
        cls.chatwoot = cls.make_channel("chatwoot", account_ref="1", chatwoot_verified_inbox_ids="3")

    def store(self, channel, payload):
        inbox = self.env["messaging.inbox"]
        with trap_jobs() as trap, mute_logger(QUIET):
            rows = inbox.browse()
            for event in channel._parse_payload(payload):
                rows |= inbox._store_event(channel, event, json.dumps(payload))
            trap.perform_enqueued_jobs()
        rows.invalidate_recordset()
        return rows


@tagged("post_install", "-at_install")
class TestConversationProcessing(ConversationMixin, TransactionCase):
    # WhatsApp ----------------------------------------------------------------------------
    def test_whatsapp_unknown_number_creates_one_lead_then_files_the_conversation(self):
        row = self.store(self.uazapi, wa_message("3EB0A1"))
        self.assertEqual(row.state, "done", row.error)
        lead = self.leads(WA_NUMBER)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.source_id, self.env.ref("crm_messaging.utm_source_uazapi"))
        self.assertEqual(lead.contact_name, "Ana Souza")
        self.assertIn("Oi, quero saber o preço", lead.description)
        self.assertIn("WhatsApp received", self.notes(lead).body)
        # The same message delivered again is stored once; a reply goes to the same lead.
        self.assertFalse(self.store(self.uazapi, wa_message("3EB0A1")))
        self.store(self.uazapi, wa_message("3EB0A2", text="Pode me ligar?"))
        self.assertEqual(len(self.leads(WA_NUMBER)), 1)
        self.assertEqual(len(self.notes(lead)), 2)

    def test_whatsapp_from_me_is_logged_as_sent_and_never_creates_a_lead(self):
        row = self.store(self.uazapi, wa_message("3EB0B1", text="Bom dia!", fromMe=True))
        self.assertEqual(row.state, "done", row.error)
        self.assertFalse(self.leads(WA_NUMBER))
        partner = self.env["res.partner"].create({"name": "Ana", "phone": "11 95555-4444"})
        self.store(self.uazapi, wa_message("3EB0B2", text="Segue a proposta", fromMe=True))
        note = self.notes(partner)
        self.assertEqual(len(note), 1)
        self.assertIn("WhatsApp sent", note.body)
        self.assertNotEqual(note.author_id, partner)
        self.assertFalse(self.leads(WA_NUMBER))

    def test_whatsapp_group_and_api_echo_are_done_without_effect(self):
        Lead = self.env["crm.lead"]
        source = self.env.ref("crm_messaging.utm_source_uazapi")
        whatsapp_leads = Lead.search_count([("source_id", "=", source.id)])  # demo data has some
        group = wa_message("3EB0C1", isGroup=True)
        group["message"]["chatid"] = "120363041234567890@g.us"
        echo = wa_message("3EB0C2", fromMe=True, wasSentByApi=True)
        for row in (self.store(self.uazapi, group), self.store(self.uazapi, echo)):
            self.assertEqual(row.state, "done", row.error)
        self.assertFalse(self.leads(WA_NUMBER))
        self.assertEqual(Lead.search_count([("source_id", "=", source.id)]), whatsapp_leads)

    def test_whatsapp_sair_opts_out_of_whatsapp_only(self):
        self.store(self.uazapi, wa_message("3EB0D1", text="  sáir! "))
        Consent = self.env["messaging.consent"]
        self.assertTrue(Consent._is_opted_out(WA_NUMBER, "uazapi"))
        self.assertFalse(Consent._is_opted_out(WA_NUMBER, "quo"))

    def test_whatsapp_without_a_number_fails_visibly(self):
        payload = wa_message("3EB0E1")
        payload["message"]["chatid"] = "12345@lid"
        del payload["chat"]
        row = self.store(self.uazapi, payload)
        self.assertEqual(row.state, "failed")
        self.assertIn("message.chatid", row.error)
        self.assertFalse(self.leads(WA_NUMBER))

    # Chatwoot ----------------------------------------------------------------------------
    def test_chatwoot_conversation_lands_on_one_lead_that_keeps_the_conversation(self):
        row = self.store(self.chatwoot, cw_message(101))
        self.assertEqual(row.state, "done", row.error)
        lead = self.leads("+5511999990000")
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.source_id, self.env.ref("crm_messaging.utm_source_chatwoot"))
        self.assertEqual(lead.chatwoot_conversation_id, "17")
        self.assertEqual(lead.chatwoot_channel_id, self.chatwoot)
        # The agent's reply and a contact without phone in the same conversation: same lead.
        self.store(self.chatwoot, cw_message(102, content="Claro, segue", message_type="outgoing"))
        self.store(self.chatwoot, cw_message(103, content="Obrigada", phone_number=None))
        self.assertEqual(len(self.leads("+5511999990000")), 1)
        bodies = self.notes(lead).mapped("body")
        self.assertEqual(len(bodies), 3)
        self.assertTrue(any("Message sent" in body and "Claro, segue" in body for body in bodies))
        self.assertEqual(self.env["crm.lead"].search_count([("chatwoot_conversation_id", "=", "17")]), 1)

    def test_chatwoot_echo_of_a_reply_sent_from_odoo_is_not_filed_twice(self):
        self.store(self.chatwoot, cw_message(401))
        lead = self.leads("+5511999990000")
        self.env["messaging.outbound"].create({
            "channel_id": self.chatwoot.id, "recipient": "17", "body": "Segue o orçamento",
            "res_model": "crm.lead", "res_id": lead.id, "state": "sent", "provider_message_id": "402",
        })
        notes_before = len(self.notes(lead))
        row = self.store(self.chatwoot, cw_message(402, content="Segue o orçamento", message_type="outgoing"))
        self.assertEqual(row.state, "done", row.error)
        self.env.invalidate_all()
        self.assertEqual(len(self.notes(lead)), notes_before, "the echo of our own reply adds nothing")
        self.store(self.chatwoot, cw_message(403, content="Outro agente", message_type="outgoing"))
        self.env.invalidate_all()
        self.assertEqual(len(self.notes(lead)), notes_before + 1, "a reply typed in Chatwoot is still filed")

    def test_chatwoot_known_email_goes_to_the_partner(self):
        partner = self.env["res.partner"].create({"name": "Maria", "email": "Maria.Lima@example.com"})
        row = self.store(self.chatwoot, cw_message(201, phone_number=None, email="maria.lima@example.com"))
        self.assertEqual(row.state, "done", row.error)
        self.assertIn("Preciso de um orçamento", self.notes(partner).body)
        self.assertEqual(partner.chatwoot_conversation_id, "17")
        self.assertFalse(self.env["crm.lead"].search([("email_from", "ilike", "maria.lima")]))

    def test_chatwoot_outgoing_to_unknown_private_note_and_other_events_create_nothing(self):
        payloads = [
            cw_message(301, message_type="outgoing", conversation=99),
            {**cw_message(302), "private": True},
            cw_message(303, message_type="activity"),
            {**cw_message(304), "event": "conversation_status_changed"},
        ]
        for payload in payloads:
            self.assertEqual(self.store(self.chatwoot, payload).state, "done")
        self.assertFalse(self.leads("+5511999990000"))
        self.assertFalse(self.env["mail.message"].search([("body", "ilike", "Preciso de um orçamento")]))
