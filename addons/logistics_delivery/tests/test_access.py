from odoo.exceptions import AccessError
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


@tagged("post_install", "-at_install")
class TestLogisticsSettings(TransactionCase):
    def test_google_key_is_for_administrators_only(self):
        self.env["ir.config_parameter"].sudo().set_param("logistics_delivery.google_api_key", "AIza-secret")
        manager = new_test_user(self.env, login="logi_cfg", groups="logistics_delivery.group_logistics_manager")
        settings_model = self.env["res.config.settings"]
        self.assertEqual(settings_model.create({}).logistics_google_api_key, "AIza-secret")
        self.assertEqual(settings_model._fields["logistics_google_api_key"].groups, "base.group_system")
        with self.assertRaises(AccessError):
            settings_model.with_user(manager).create({}).logistics_google_api_key  # noqa: B018
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(manager).get_param("logistics_delivery.google_api_key")

    def test_default_carrier_is_proposed(self):
        carrier = self.env["delivery.carrier"].search([], order="id desc", limit=1)
        self.env["ir.config_parameter"].sudo().set_param("logistics_delivery.default_carrier_id", carrier.id)
        partner = self.env["res.partner"].create({"name": "No preference"})
        product = self.env["product.product"].create({"name": "Thing", "type": "consu"})
        order = self.env["sale.order"].create({
            "partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id})]})
        partner.property_delivery_carrier_id = False
        order.carrier_id = False
        action = order.action_open_delivery_wizard()
        self.assertEqual(action["context"]["default_carrier_id"], carrier.id)
