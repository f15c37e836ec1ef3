"""Multi-company: an RPA manager of company B sees nothing of company A over RPC."""

from odoo.tests import new_test_user, tagged

from .test_rpa_access import RpaRpcCase


@tagged("post_install", "-at_install")
class TestRpaMultiCompany(RpaRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "RPA Company B"})
        cls.user_b = new_test_user(
            cls.env, login="rpa_company_b", groups="invoice_rpa.group_rpa_manager",
            company_id=cls.company_b.id, company_ids=[cls.company_b.id])
        cls.operator = cls.make_operators()
        cls.records = {}
        for company in (cls.company_a, cls.company_b):
            partner = cls.env["res.partner"].create({"name": f"Client of {company.name}", "is_rpa_client": True})
            account = cls.env["rpa.client.account"].create({
                "partner_id": partner.id, "operator_id": cls.operator.id, "account_number": "MC-1",
                "company_id": company.id,
            })
            process = cls.make_process(partner_id=partner.id, operator_id=cls.operator.id, company_id=company.id)
            execution = cls.env["rpa.execution"].create({"process_id": process.id, "runner": "api"})
            cls.records[company] = {"rpa.client.account": account, "rpa.process": process,
                                    "rpa.execution": execution}

    def assert_company_b_sees_only_its_own(self, model):
        own, foreign = self.records[self.company_b][model], self.records[self.company_a][model]
        found = self.call_kw(self.user_b, model, "search_read", [[]], {"fields": ["id"]})
        ids = {row["id"] for row in found}
        self.assertIn(own.id, ids)
        self.assertNotIn(foreign.id, ids)
        self.assert_refused(self.user_b, model, "read", [foreign.ids, ["id"]], error="AccessError")
        self.assertEqual(self.call_kw(self.user_b, model, "read", [own.ids, ["id"]]), [{"id": own.id}])

    def test_client_accounts(self):
        self.assert_company_b_sees_only_its_own("rpa.client.account")

    def test_processes(self):
        self.assert_company_b_sees_only_its_own("rpa.process")

    def test_executions(self):
        self.assert_company_b_sees_only_its_own("rpa.execution")

    def test_monthly_processes_take_the_account_company(self):
        processes = self.env["rpa.process"]._create_monthly("2026-12-01")
        self.assertEqual({(p.partner_id, p.company_id) for p in processes}, {
            (self.records[company]["rpa.client.account"].partner_id, company)
            for company in (self.company_a, self.company_b)})
