"""The composer in the browser: lead form → composer → template → send → chatter."""

from odoo.tests import HttpCase, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.job import Job

from .common_outbound import CUSTOMER_PHONE, OutboundMixin


@tagged("post_install", "-at_install")
class TestComposerTour(OutboundMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uazapi.name = "Tour WhatsApp"
        cls.env["messaging.template"].create({"name": "Tour template", "body": "Olá {{ partner.name }}, tudo certo?"})

    def test_send_whatsapp_from_the_lead_form(self):
        self.start_tour(f"/odoo/crm.lead/{self.lead.id}", "crm_messaging_composer_tour", login="admin")
        outbound = self.env["messaging.outbound"].search([("channel_id", "=", self.uazapi.id)])
        self.assertEqual(outbound.state, "queued")
        self.assertEqual(outbound.recipient, CUSTOMER_PHONE)
        self.assertEqual(outbound.body, "Olá Ana Souza, tudo certo?")
        # The job was stored by the request; run it as the job runner would.
        job_record = self.env["queue.job"].search([("model_name", "=", "messaging.outbound")], limit=1)
        self.assertEqual(job_record.channel, "root.messaging.outbound")
        self.server.add("POST", "/send/text", Reply(json={"messageid": "WAtour"}))
        Job.load(self.env, job_record.uuid).perform()
        self.assertEqual(outbound.state, "sent")
        self.assertEqual(self.server.received("POST", "/send/text")[0].json()["text"], "Olá Ana Souza, tudo certo?")
        self.assertIn("Sent", outbound.mail_message_id.body)
