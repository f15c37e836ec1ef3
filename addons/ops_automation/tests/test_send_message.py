"""The Send message action on the documents a customer is found on: lead, partner,
conversation message, sale order, picking."""

from odoo.tests import tagged

from .common import AutomationCase


@tagged("post_install", "-at_install")
class TestSendMessage(AutomationCase):
    def action(self, model_name, channel=None, **values):
        model = self.env["ir.model"]._get(model_name)
        return self.env["ir.actions.server"].create(
            {
                **self.message_action(
                    channel or self.uazapi, body="Olá {{ partner.name }}: {{ object.name }}", **values
                ),
                "model_id": model.id,
            }
        )

    def run_on(self, action, record):
        action.with_context(active_model=record._name, active_id=record.id, active_ids=record.ids).run()
        return self.env["ops.automation.send"].search([("action_id", "=", action.id)])

    def test_recipient_from_each_document(self):
        self.partner.phone = "(11) 91234-5678"
        order = self.env["sale.order"].create({"partner_id": self.partner.id})
        picking_type = self.env["stock.picking.type"].search([("code", "=", "outgoing")], limit=1)
        picking = self.env["stock.picking"].create({"partner_id": self.partner.id, "picking_type_id": picking_type.id})
        cases = [
            (self.lead, "+5511912345678"),  # crm keeps the lead's phone in sync with its partner's
            (self.partner, "+5511912345678"),
            (order, "+5511912345678"),
            (picking, "+5511912345678"),
        ]
        for record, number in cases:
            with self.subTest(model=record._name):
                send = self.run_on(self.action(record._name), record)
                self.assertEqual((send.res_model, send.res_id, send.recipient), (record._name, record.id, number))
                self.assertEqual(
                    send.body, f"Olá Ana Souza: {record.display_name if record._name != 'crm.lead' else record.name}"
                )
                self.assertEqual(send.outbound_id.res_model, record._name, "the chatter trace goes on the document")
                self.assertEqual(send.outbound_id.state, "queued")

    def test_email_and_chatwoot_recipients_and_template(self):
        template = self.env["messaging.template"].create(
            {"name": "T", "subject": "Sobre {{ object.name }}", "body": "Oi {{ partner.name }}"}
        )
        send = self.run_on(self.action("crm.lead", self.sendgrid, messaging_template_id=template.id), self.lead)
        self.assertEqual(
            (send.recipient, send.subject, send.body), ("ana@example.com", "Sobre Orçamento Ana", "Oi Ana Souza")
        )
        send = self.run_on(self.action("crm.lead", self.chatwoot), self.lead)
        self.assertEqual(send.recipient, "42")

    def test_reply_to_a_conversation_message_and_no_address(self):
        message = self.inbound(self.lead, self.ago(), body="Oi")
        send = self.run_on(self.action("messaging.message"), message)
        self.assertEqual((send.res_model, send.res_id), ("crm.lead", self.lead.id))
        nobody = self.env["res.partner"].create({"name": "Sem telefone"})
        self.assertFalse(self.run_on(self.action("res.partner"), nobody), "no address: nothing queued")

    def test_opted_out_customer_is_blocked_by_the_outbound_queue(self):
        self.env["messaging.consent"].sudo().create(
            {"phone": "+5511987654321", "channel_type": "uazapi", "state": "opted_out", "source": "test"}
        )
        send = self.run_on(self.action("crm.lead"), self.lead)
        self.assertEqual(send.outbound_id.state, "blocked", "consent is enforced by messaging.outbound")
        self.assertEqual(self.server.count(), 0)
