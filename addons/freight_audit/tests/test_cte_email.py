from email.message import EmailMessage

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FreightCase


def email_with(*attachments, sender="faturamento@rapida.example"):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "cte@example.com", "CT-e de novembro"
    message["Message-Id"] = f"<cte-{id(attachments)}@rapida.example>"
    message.set_content("Seguem os CT-e.")
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="xml", filename=name)
    return message.as_bytes()


@tagged("post_install", "-at_install")
class TestCteEmail(FreightCase):
    def receive(self, raw):
        thread_id = self.env["mail.thread"].message_process("freight.cte.inbox", raw)
        return self.env["freight.cte.inbox"].browse(thread_id)

    def test_email_imports_its_cte_and_keeps_the_rest(self):
        key, xml = self.cte()
        _bad_key, bad = self.cte(bad_digit=True)
        inbox = self.receive(email_with(("cte.xml", xml), ("dv.xml", bad)))
        self.assertEqual(inbox.state, "partial")
        self.assertEqual(inbox.cte_ids.key, key)
        self.assertIn("dv.xml", inbox.errors)
        self.assertEqual(inbox.email_from, "faturamento@rapida.example")
        self.assertEqual(len(inbox.message_ids.attachment_ids), 2, "both files are kept on the email")
        # the same email again: no second CT-e
        again = self.receive(email_with(("cte.xml", xml)).replace(b"<cte-", b"<cte2-"))
        self.assertEqual(again.cte_ids, inbox.cte_ids)

    def test_email_without_cte(self):
        inbox = self.receive(email_with())
        self.assertEqual(inbox.state, "failed")
        self.assertIn("no XML or ZIP attachment", inbox.errors)

    def test_message_new_is_not_callable_by_users(self):
        with self.assertRaises(AccessError):
            self.env["freight.cte.inbox"].with_user(self.auditor).message_new({"subject": "x", "attachments": []})
