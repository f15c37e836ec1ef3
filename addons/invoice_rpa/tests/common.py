import base64

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.ops_base.tests.secret_key import use_secret_key

from ..tools import secret_box

TEST_KEY = base64.b64encode(b"invoice_rpa test key of 32 bytes").decode()


class RpaCase(TransactionCase):
    """Users (RPA user, RPA manager) and factories for operators, clients and processes.

    Demo RPA clients and schedules are switched off so that counts only see the test's
    own records. The encryption key of invoice_rpa's secrets is set for the class.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_secret_key(cls, secret_box, TEST_KEY)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(cls.env, login="rpa_case_mgr", groups="invoice_rpa.group_rpa_manager")
        cls.user = new_test_user(cls.env, login="rpa_case_user", groups="invoice_rpa.group_rpa_user")
        cls.env["res.partner"].search([("is_rpa_client", "=", True)]).write({"is_rpa_client": False})
        cls.env["rpa.schedule"].search([]).action_archive()
        cls._seq = 0

    @classmethod
    def set_secret(cls, name, value):
        """Store a secret of the Settings (encrypted), as the Settings form does."""
        cls.env["rpa.settings.secret"]._set_secret(name, value)

    @classmethod
    def make_operators(cls, count=1):
        vals = []
        for _ in range(count):
            cls._seq += 1
            vals.append({"name": f"Test Operator {cls._seq}", "code": f"TOP{cls._seq}"})
        return cls.env["rpa.operator"].create(vals)

    @classmethod
    def make_clients(cls, count, operators, account_active=True):
        """Create ``count`` RPA clients, each with one account at every operator."""
        partners = cls.env["res.partner"].create([
            {"name": f"RPA Client {cls._seq}-{index}", "is_rpa_client": True, "is_company": True}
            for index in range(count)
        ])
        cls.env["rpa.client.account"].create([
            {"partner_id": partner.id, "operator_id": operator.id,
             "account_number": f"ACC-{partner.id}-{operator.id}", "active": account_active}
            for partner in partners for operator in operators
        ])
        return partners

    @classmethod
    def make_process(cls, state="waiting_download", **vals):
        if "operator_id" not in vals:
            vals["operator_id"] = cls.make_operators().id
        if "partner_id" not in vals:
            vals["partner_id"] = cls.env["res.partner"].create({"name": "Process Client", "is_rpa_client": True}).id
        return cls.env["rpa.process"].create(dict(vals, state=state, period=vals.get("period", "2026-11-01")))
