from odoo.tests import tagged

from odoo.addons.logistics_delivery.tools.geo import haversine_km
from odoo.addons.ops_base.tests.fake_http import Reply

from .common import ROAD_RATIO, WAREHOUSE, FakeGoogleMaps, LogisticsCase

CAMPINAS = (-22.9099, -47.0626)  # ~84 km from São Paulo in a straight line
RIO = (-22.9068, -43.1729)  # ~361 km


@tagged("post_install", "-at_install")
class TestDistanceCarrierQuotes(LogisticsCase):
    def delivery_line(self, order):
        return order.order_line.filtered("is_delivery")

    def test_haversine_quote_without_google(self):
        customer = self.make_customer("Campinas Ltda", CAMPINAS)
        order = self.make_order(customer, user=self.salesman)
        result = self.add_shipping(order, user=self.salesman)

        km = haversine_km(*WAREHOUSE, *CAMPINAS) * 1.3
        self.assertAlmostEqual(order.delivery_distance_km, km, places=1)
        self.assertEqual(order.delivery_distance_source, "haversine")
        self.assertAlmostEqual(result["price"], self.expected_price(km), places=2)
        self.assertAlmostEqual(self.delivery_line(order).price_unit, self.expected_price(km), places=2)

    def test_free_over_threshold_still_applies(self):
        self.carrier.write({"free_over": True, "amount": 100.0})
        order = self.make_order(self.make_customer("Big buyer", CAMPINAS), qty=3)  # 150 > 100
        result = self.add_shipping(order)
        self.assertEqual(result["price"], 0.0)
        self.assertIn("free", result["message"])
        self.assertTrue(order.delivery_distance_km > 0, "the distance is still recorded")

    def test_margin_applies_on_distance_price(self):
        self.carrier.margin = 0.10
        order = self.make_order(self.make_customer("Margin", CAMPINAS))
        result = self.add_shipping(order)
        km = haversine_km(*WAREHOUSE, *CAMPINAS) * 1.3
        self.assertAlmostEqual(result["price"], self.expected_price(km) * 1.10, places=2)

    def test_out_of_area_is_an_error_not_a_price(self):
        self.carrier.distance_max_km = 200
        order = self.make_order(self.make_customer("Carioca", RIO))
        result = self.add_shipping(order)
        self.assertIn("out of the delivery area", result["error_message"])
        self.assertIn("200.0 km", result["error_message"])
        self.assertFalse(self.delivery_line(order))

    def test_unlocatable_address_names_it(self):
        customer = self.make_customer("Nowhere", street="Rua Inexistente 999", city="Atlantida")
        self.use_google(server := FakeGoogleMaps().start())
        self.addCleanup(server.stop)
        result = self.add_shipping(self.make_order(customer))
        self.assertIn("Could not locate the address of Nowhere", result["error_message"])
        self.assertIn("rua inexistente 999", result["error_message"])
        self.assertTrue(customer.exists(), "the partner is kept")

    def test_road_distance_from_routes_api(self):
        with FakeGoogleMaps() as server:
            self.use_google(server)
            order = self.make_order(self.make_customer("Campinas Routes", CAMPINAS))
            result = self.add_shipping(order)
            sent = server.received("POST")[0]
        km = haversine_km(*WAREHOUSE, *CAMPINAS) * ROAD_RATIO
        self.assertEqual(order.delivery_distance_source, "routes")
        self.assertAlmostEqual(order.delivery_distance_km, km, places=1)
        self.assertEqual(order.delivery_duration_min, round(km))
        self.assertAlmostEqual(result["price"], self.expected_price(round(km * 1000) / 1000), places=2)
        self.assertEqual(sent.header("X-Goog-Api-Key"), "test-key-123")

    def test_legacy_distance_matrix(self):
        with FakeGoogleMaps() as server:
            self.use_google(server, source="legacy")
            order = self.make_order(self.make_customer("Campinas Legacy", CAMPINAS))
            self.add_shipping(order)
            self.assertEqual(server.count("GET", "/maps/api/distancematrix/json"), 1)
        self.assertEqual(order.delivery_distance_source, "legacy")


@tagged("post_install", "-at_install")
class TestGoogleFailuresFallBack(LogisticsCase):
    """Google failing never blocks a quote: haversine x road factor, source recorded."""

    def quote_with(self, server):
        self.use_google(server)
        order = self.make_order(self.make_customer("Fallback", CAMPINAS))
        return order, self.add_shipping(order)

    def assert_fell_back(self, order, result):
        km = haversine_km(*WAREHOUSE, *CAMPINAS) * 1.3
        self.assertEqual(order.delivery_distance_source, "haversine")
        self.assertAlmostEqual(result["price"], self.expected_price(km), places=2)
        self.assertIn("straight-line", result["message"])

    def test_quota_exceeded(self):
        with FakeGoogleMaps() as server:
            server.add("POST", "/distanceMatrix/v2:computeRouteMatrix", Reply(status=429, json={
                "error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota exceeded"}}))
            order, result = self.quote_with(server)
        self.assert_fell_back(order, result)
        self.assertIn("quota", result["message"])

    def test_server_error(self):
        with FakeGoogleMaps() as server:
            server.add("POST", "/distanceMatrix/v2:computeRouteMatrix", Reply(status=503, body=b"unavailable"))
            order, result = self.quote_with(server)
        self.assert_fell_back(order, result)

    def test_element_not_found(self):
        with FakeGoogleMaps() as server:
            server.add("POST", "/distanceMatrix/v2:computeRouteMatrix", Reply(json=[
                {"originIndex": 0, "destinationIndex": 0, "status": {"code": 5, "message": "not found"}}]))
            order, result = self.quote_with(server)
        self.assert_fell_back(order, result)

    def test_timeout(self):
        # Odoo's test guard raises any request timeout below 10 s to 10 s, so the fake
        # waits a little longer than that.
        self.ICP.set_param("logistics_delivery.timeout", "1")
        with FakeGoogleMaps() as server:
            server.add("POST", "/distanceMatrix/v2:computeRouteMatrix", Reply(json=[], delay=10.5))
            order, result = self.quote_with(server)
        self.assert_fell_back(order, result)
        self.assertIn("timeout", result["message"])
