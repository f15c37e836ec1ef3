from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDriverGroup(TransactionCase):
    def test_driver_is_a_portal_user_without_backend(self):
        driver = new_test_user(self.env, login="drv_a", groups="driver_portal.group_delivery_driver")
        self.assertTrue(driver.share, "a driver is a portal (share) user")
        self.assertTrue(driver.has_group("base.group_portal"))
        self.assertFalse(driver.has_group("base.group_user"))
        # Portal users may hold read rights on pickings (their own, via portal rules);
        # a driver with no stop assigned sees none of the database's deliveries.
        customer = self.env["res.partner"].create({"name": "Some customer"})
        self.env["stock.picking"].create({
            "picking_type_id": self.env.ref("stock.picking_type_out").id,
            "partner_id": customer.id,
        })
        self.assertEqual(self.env["stock.picking"].with_user(driver).search_count([]), 0)

    def test_driver_group_refused_on_internal_users(self):
        with self.assertRaises(ValidationError):
            new_test_user(self.env, login="drv_internal",
                          groups="base.group_user,driver_portal.group_delivery_driver")
