"""The *Send SMS / WhatsApp* composer: channel choice, templates, access."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common_outbound import CUSTOMER_PHONE, OutboundMixin


@tagged("post_install", "-at_install")
class TestComposer(OutboundMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = new_test_user(cls.env, login="msg_sender", groups="crm_messaging.group_messaging_user")
        cls.outsider = new_test_user(cls.env, login="msg_outsider", groups="sales_team.group_sale_salesman")
        other_company = cls.env["res.company"].create({"name": "Outra Empresa"})
        cls.foreign = cls.make_channel("quo", base_url=cls.server.url, company_id=other_company.id, name="Foreign")

    def test_offers_the_company_channels_that_reach_the_customer(self):
        form = self.composer()
        self.assertEqual(
            set(form.available_channel_ids.ids), {self.quo.id, self.uazapi.id, self.chatwoot.id, self.sendgrid.id}
        )
        self.assertNotIn(self.foreign.id, form.available_channel_ids.ids)
        form.channel_id = self.uazapi
        self.assertEqual(form.recipient, CUSTOMER_PHONE)
        form.channel_id = self.chatwoot
        self.assertEqual(form.recipient, "42")
        form.channel_id = self.sendgrid
        self.assertEqual(form.recipient, "ana@example.com")

    def test_no_chatwoot_without_conversation_and_no_email_without_address(self):
        lead = self.env["crm.lead"].create({"name": "Só telefone", "phone": "+55 11 91234-5678", "user_id": False})
        form = self.composer(lead)
        self.assertEqual(set(form.available_channel_ids.ids), {self.quo.id, self.uazapi.id})
        self.assertEqual(form.recipient, "+5511912345678")

    def test_template_placeholders_are_rendered_with_odoo_inline_templates(self):
        template = self.env["messaging.template"].create(
            {"name": "Proposta", "body": "Olá {{ partner.name }}, sobre {{ object.name }} — {{ user.name }}"}
        )
        form = self.composer(channel_id=self.quo, template_id=template)
        self.assertEqual(form.body, f"Olá Ana Souza, sobre Orçamento Ana — {self.env.user.name}")
        form = self.composer(self.partner, channel_id=self.quo, template_id=template)
        self.assertEqual(form.body, f"Olá Ana Souza, sobre Ana Souza — {self.env.user.name}")

    def test_messaging_user_sends_from_a_partner(self):
        template = self.env["messaging.template"].create({"name": "Oi", "body": "Oi {{ partner.name }}"})
        with trap_jobs() as trap:
            form = self.composer(self.partner, user=self.sender, channel_id=self.uazapi, template_id=template)
            self.assertEqual(form.body, "Oi Ana Souza")
            action = form.save().action_send()
            trap.assert_jobs_count(1)
        self.assertEqual(action["params"]["type"], "success")
        outbound = self.env["messaging.outbound"].search([("user_id", "=", self.sender.id)])
        self.assertEqual(outbound.recipient, CUSTOMER_PHONE)
        self.assertEqual((outbound.res_model, outbound.res_id), ("res.partner", self.partner.id))
        self.assertEqual(outbound.mail_message_id.author_id, self.sender.partner_id)
        self.assertIn(outbound.mail_message_id, self.partner.message_ids)

    def test_others_cannot_send_or_touch_outbound_messages(self):
        with self.assertRaises(AccessError):
            self.composer(user=self.outsider, channel_id=self.quo, body="x").save()
        with self.assertRaises(AccessError):
            self.env["messaging.outbound"].with_user(self.outsider).search([])
        outbound, _trap = self.send(self.quo)
        with self.assertRaises(AccessError):
            outbound.with_user(self.sender).write({"state": "sent"})
        with self.assertRaises(AccessError):  # only through the composer, after its checks
            self.env["messaging.outbound"].with_user(self.sender).create(
                {"channel_id": self.quo.id, "recipient": CUSTOMER_PHONE, "body": "x"}
            )
        with self.assertRaises(AccessError):
            self.env["messaging.template"].with_user(self.sender).create({"name": "x", "body": "y"})

    def test_empty_message_and_unreachable_channel_are_refused(self):
        with self.assertRaises(UserError):
            self.composer(channel_id=self.quo, body="   ").save().action_send()
        lead = self.env["crm.lead"].create({"name": "Sem contato", "user_id": False})
        wizard = self.env["messaging.composer"].create({"res_model": "crm.lead", "res_id": lead.id})
        self.assertFalse(wizard.available_channel_ids)
        wizard.write({"channel_id": self.quo.id, "recipient": CUSTOMER_PHONE, "body": "x"})
        with self.assertRaises(UserError):
            wizard.action_send()
        self.assertFalse(self.env["messaging.outbound"].search([("res_id", "=", lead.id)]))
