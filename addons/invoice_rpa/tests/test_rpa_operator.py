from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestRpaOperator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="rpa_mgr", groups="invoice_rpa.group_rpa_manager")
        cls.user = new_test_user(cls.env, login="rpa_user", groups="invoice_rpa.group_rpa_user")
        cls.Operator = cls.env["rpa.operator"]

    def test_code_is_normalised_and_unique(self):
        op = self.Operator.with_user(self.manager).create({"name": "Claro", "code": " claro "})
        self.assertEqual(op.code, "CLARO")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Operator.with_user(self.manager).create({"name": "Claro 2", "code": "CLARO"})

    def test_rpa_user_reads_but_cannot_configure(self):
        op = self.Operator.with_user(self.manager).create({"name": "Tim", "code": "TIM"})
        self.assertEqual(op.with_user(self.user).name, "Tim")
        with self.assertRaises(AccessError):
            self.Operator.with_user(self.user).create({"name": "Nope", "code": "NOPE"})
        with self.assertRaises(AccessError):
            op.with_user(self.user).write({"name": "Changed"})

    def test_changes_are_tracked_in_chatter(self):
        op = self.Operator.with_user(self.manager).create({"name": "Nextel", "code": "NXT"})
        # end the "creation transaction": Odoo does not track changes made in the same
        # transaction as the create
        self.env.flush_all()
        self.env.cr.flush()
        op.with_user(self.manager).write({"rpa_outsourced": True, "rpa_endpoint": "http://127.0.0.1:1"})
        self.env.flush_all()
        self.env.cr.flush()  # runs the pre-commit hooks that write tracking values
        op.invalidate_recordset(["message_ids"])
        tracked = op.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("rpa_endpoint", tracked)
