from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeliveryAssignment(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver_a = new_test_user(cls.env, login="drv_assign_a", groups="driver_portal.group_delivery_driver")
        cls.driver_b = new_test_user(cls.env, login="drv_assign_b", groups="driver_portal.group_delivery_driver")
        cls.portal = new_test_user(cls.env, login="drv_portal_only", groups="base.group_portal")
        customer = cls.env["res.partner"].create({"name": "Stop customer"})
        out_type = cls.env.ref("stock.picking_type_out")
        cls.stops_a = cls.env["stock.picking"].create([
            {"picking_type_id": out_type.id, "partner_id": customer.id, "driver_id": cls.driver_a.id,
             "delivery_date": "2026-11-23", "delivery_sequence": seq} for seq in (2, 1, 3)])
        cls.stop_b = cls.env["stock.picking"].create({
            "picking_type_id": out_type.id, "partner_id": customer.id, "driver_id": cls.driver_b.id,
            "delivery_date": "2026-11-23"})

    def test_driver_reads_only_own_stops_in_order(self):
        mine = self.env["stock.picking"].with_user(self.driver_a).search(
            [], order="delivery_date, delivery_sequence")
        self.assertEqual(mine, self.stops_a.sorted("delivery_sequence"))
        with self.assertRaises(AccessError):
            self.stop_b.with_user(self.driver_a).read(["name"])
        with self.assertRaises(AccessError):
            self.stops_a[0].with_user(self.driver_a).write({"delivery_sequence": 9})
        self.assertFalse(self.env["stock.picking"].with_user(self.portal).search([("driver_id", "!=", False)]))

    def test_only_drivers_and_only_deliveries(self):
        office = new_test_user(self.env, login="drv_office", groups="base.group_user")
        with self.assertRaises(ValidationError):
            self.stop_b.driver_id = office
        receipt = self.env["stock.picking"].create({"picking_type_id": self.env.ref("stock.picking_type_in").id})
        with self.assertRaises(ValidationError):
            receipt.driver_id = self.driver_a

    def test_planning_action_and_views_load(self):
        action = self.env.ref("driver_portal.action_delivery_planning")
        for view_type in ("list", "kanban", "calendar"):
            self.assertTrue(self.env["stock.picking"].get_view(view_type=view_type, view_id=next(
                v.view_id.id for v in action.view_ids if v.view_mode == view_type))["arch"])
