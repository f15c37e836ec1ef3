from datetime import datetime

from odoo.tests import Form, tagged

from .common import WAREHOUSE, FakeGoogleMaps, LogisticsCase

CAMPINAS = (-22.9099, -47.0626)
LONG_AGO = datetime(2020, 1, 1)


@tagged("post_install", "-at_install")
class TestRatesWriteNothing(LogisticsCase):
    """A rate is a question: only setting the delivery line records the distance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.make_customer("Campinas Rate", CAMPINAS)

    def setUp(self):
        super().setUp()
        self.server = FakeGoogleMaps().start()
        self.addCleanup(self.server.stop)
        self.use_google(self.server)
        self.order = self.make_order(self.customer)
        self.backdate()

    def backdate(self):
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET write_date = %s WHERE id = %s", (LONG_AGO, self.order.id))
        self.order.invalidate_recordset()

    def wizard_form(self):
        form = Form(self.env["choose.delivery.carrier"].with_context(default_order_id=self.order.id))
        form.carrier_id = self.carrier
        return form

    def assert_no_distance_recorded(self):
        self.env.flush_all()
        self.order.invalidate_recordset()
        self.assertEqual(self.order.write_date, LONG_AGO, "the order was written")
        self.assertFalse(self.order.delivery_distance_source)
        self.assertFalse(self.order.delivery_distance_date)
        self.assertEqual(self.order.delivery_distance_km, 0.0)

    def test_rate_shipment_leaves_the_order_unchanged(self):
        res = self.carrier.rate_shipment(self.order)
        self.assertTrue(res["success"])
        self.assertGreater(res["price"], 0.0)
        self.assertEqual(self.server.routes_requests(), 1)
        self.assert_no_distance_recorded()

    def test_carrier_onchange_does_not_ask_for_the_distance(self):
        form = self.wizard_form()
        self.assertEqual(form.display_price, 0.0, "priced on Get rate, like Odoo's other external providers")
        self.assertEqual(self.server.count(), 0, "the onchange called Google")
        self.assert_no_distance_recorded()

    def test_get_rate_writes_nothing_confirm_records_the_rated_distance(self):
        wizard = self.wizard_form().save()
        self.backdate()  # saving the wizard writes the order's shipping weight (Odoo's related field)
        wizard.update_price()
        self.assertEqual(self.server.routes_requests(), 1)
        self.assertGreater(wizard.display_price, 0.0)
        self.assert_no_distance_recorded()

        wizard.button_confirm()
        self.assertEqual(self.server.routes_requests(), 1, "the line keeps the distance it was priced on")
        km = FakeGoogleMaps.road_km(WAREHOUSE, CAMPINAS)
        self.assertEqual(self.order.delivery_distance_source, "routes")
        self.assertAlmostEqual(self.order.delivery_distance_km, km, delta=0.06)
        self.assertEqual(self.order.delivery_duration_min, round(km))  # the fake drives 1 km a minute
        self.assertTrue(self.order.delivery_distance_date)
        line = self.order.order_line.filtered("is_delivery")
        self.assertAlmostEqual(line.price_unit, wizard.delivery_price, places=2)

    def test_set_delivery_line_without_a_rate_records_the_distance(self):
        self.order.set_delivery_line(self.carrier, 42.0)
        self.assertEqual(self.server.routes_requests(), 1)
        self.assertEqual(self.order.delivery_distance_source, "routes")
        self.assertAlmostEqual(self.order.delivery_distance_km, FakeGoogleMaps.road_km(WAREHOUSE, CAMPINAS),
                               delta=0.06)
