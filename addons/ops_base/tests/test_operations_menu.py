from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOperationsMenu(TransactionCase):
    def test_app_hidden_from_users_outside_the_suite_groups(self):
        """The Operations root has no action: without a visible child it must not show."""
        root = self.env.ref("ops_base.menu_operations_root")
        outsider = new_test_user(self.env, login="ops_outsider", groups="base.group_user")
        visible = self.env["ir.ui.menu"].with_user(outsider)._visible_menu_ids()
        self.assertNotIn(root.id, visible)
