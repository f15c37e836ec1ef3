from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RpaCase


@tagged("post_install", "-at_install")
class TestRpaClient(RpaCase):
    def test_accounts_on_partner_form(self):
        operator = self.make_operators()
        contact_manager = new_test_user(
            self.env, login="rpa_contacts", groups="base.group_partner_manager,invoice_rpa.group_rpa_manager")
        with Form(self.env["res.partner"].with_user(contact_manager)) as form:
            form.name = "Form Client"
            form.is_rpa_client = True
            with form.rpa_account_ids.new() as line:
                line.operator_id = operator
                line.account_number = "123-4"
                line.portal_login_ref = "form-client"
        partner = form.record
        self.assertTrue(partner.is_rpa_client)
        self.assertEqual(partner.rpa_account_ids.operator_id, operator)
        self.assertEqual(len(self.env["rpa.process"]._create_monthly("2026-11-01")), 1)

    def test_account_unique_per_client_operator_number(self):
        operator = self.make_operators()
        partner = self.make_clients(1, operator)
        account = partner.rpa_account_ids
        # the same number at another operator, or another number, is fine
        self.env["rpa.client.account"].create(
            {"partner_id": partner.id, "operator_id": operator.id, "account_number": "other"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["rpa.client.account"].create(
                {"partner_id": partner.id, "operator_id": operator.id, "account_number": account.account_number})

    def test_process_unique_per_client_operator_month(self):
        process = self.make_process(period="2026-11-01")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.make_process(partner_id=process.partner_id.id, operator_id=process.operator_id.id,
                              period="2026-11-15")

    def test_plain_user_reads_accounts_but_cannot_edit(self):
        operator = self.make_operators()
        partner = self.make_clients(1, operator)
        self.assertEqual(partner.with_user(self.user).rpa_account_ids.operator_id, operator)
        with self.assertRaises(AccessError):
            partner.rpa_account_ids.with_user(self.user).write({"account_number": "x"})

    def test_concurrency_limit_positive(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["rpa.schedule"].create({"name": "Bad", "cron_expression": "0 0 1 * *", "concurrency_limit": 0})
