from odoo.tests import tagged

from odoo.addons.logistics_delivery.tools.geo import haversine_km

from .common import WAREHOUSE, LogisticsCase

CAMPINAS = (-22.9099, -47.0626)


@tagged("post_install", "-at_install")
class TestDistanceOnDeliveries(LogisticsCase):
    def test_confirmed_order_delivery_carries_distance_and_price(self):
        self.env["stock.quant"]._update_available_quantity(self.product, self.warehouse.lot_stock_id, 10)
        order = self.make_order(self.make_customer("Campinas Picking", CAMPINAS), qty=2)
        self.add_shipping(order)
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.carrier_id, self.carrier)

        picking.move_ids.quantity = 2
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.delivery_distance_source, "haversine")
        self.assertAlmostEqual(picking.delivery_distance_km, order.delivery_distance_km, places=3)
        km = haversine_km(*WAREHOUSE, *CAMPINAS) * 1.3  # stored km are rounded to 0.1 for display
        self.assertAlmostEqual(picking.carrier_price, self.expected_price(km), places=2)
        self.assertIn("google.com/maps/dir", self.carrier.get_tracking_link(picking) or "")

        html = self.env["ir.actions.report"]._render_qweb_html(
            "stock.action_report_delivery", picking.ids)[0].decode()
        self.assertIn("Distance", html)
        self.assertIn(f"{picking.delivery_distance_km:.1f}", html)

    def test_quotation_form_shows_the_distance(self):
        order = self.make_order(self.make_customer("Form view", CAMPINAS))
        self.add_shipping(order)
        arch = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn('name="delivery_distance_km"', arch)
        self.assertGreater(order.delivery_distance_km, 0)
