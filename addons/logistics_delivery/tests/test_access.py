from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLogisticsAccess(TransactionCase):
    def test_menus_follow_the_logistics_groups(self):
        menus = self.env["ir.ui.menu"]
        deliveries = self.env.ref("logistics_delivery.menu_logistics_deliveries")
        carriers = self.env.ref("logistics_delivery.menu_logistics_carriers")
        root = self.env.ref("ops_base.menu_operations_root")
        user = new_test_user(self.env, login="logi_user", groups="logistics_delivery.group_logistics_user")
        manager = new_test_user(self.env, login="logi_mgr", groups="logistics_delivery.group_logistics_manager")
        outsider = new_test_user(self.env, login="logi_none", groups="base.group_user")

        user_menus = menus.with_user(user)._visible_menu_ids()
        self.assertIn(deliveries.id, user_menus)
        self.assertIn(root.id, user_menus)
        self.assertNotIn(carriers.id, user_menus, "only managers configure delivery methods")
        self.assertIn(carriers.id, menus.with_user(manager)._visible_menu_ids())
        self.assertNotIn(deliveries.id, menus.with_user(outsider)._visible_menu_ids())

    def test_logistics_user_reads_deliveries_but_not_carrier_config(self):
        user = new_test_user(self.env, login="logi_user2", groups="logistics_delivery.group_logistics_user")
        self.assertTrue(self.env["stock.picking"].with_user(user).has_access("read"))
        self.assertFalse(self.env["delivery.carrier"].with_user(user).has_access("create"))
