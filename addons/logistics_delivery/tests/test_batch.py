from odoo.tests import freeze_time, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import WAREHOUSE, FakeGoogleMaps, LogisticsCase


@tagged("post_install", "-at_install")
class TestBatchRecompute(LogisticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 300 customers at 300 distinct addresses spread around the warehouse
        cls.places = {f"rua teste {i} ": (-23.0 - i * 0.003, -46.0 - (i % 17) * 0.01) for i in range(300)}
        partners = cls.env["res.partner"].create([
            {"name": f"Customer {i}", "street": f"Rua Teste {i} ", "city": "Sao Paulo",
             "country_id": cls.env.ref("base.br").id}
            for i in range(300)])
        cls.orders = cls.env["sale.order"].create([
            {"partner_id": p.id, "warehouse_id": cls.warehouse.id, "carrier_id": cls.carrier.id,
             "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})]}
            for p in partners])

    def setUp(self):
        super().setUp()
        self.server = FakeGoogleMaps().start()
        self.addCleanup(self.server.stop)
        self.server.places = self.places

    def test_300_orders_one_routes_request_and_one_geocode_per_address(self):
        self.use_google(self.server)
        failed = self.orders._logistics_recompute_distances()
        self.assertFalse(failed)
        self.assertEqual(self.server.routes_requests(), 1, "1 origin x 300 destinations fits one 625-element matrix")
        self.assertEqual(self.server.geocode_requests(), 300)
        self.assertEqual(set(self.orders.mapped("delivery_distance_source")), {"routes"})
        lines = self.orders.order_line.filtered("is_delivery")
        self.assertEqual(len(lines), 300, "each quotation got its distance price")

        self.server.reset()
        self.orders._logistics_recompute_distances()
        self.assertEqual(self.server.geocode_requests(), 0, "no address is geocoded twice")
        self.assertEqual(self.server.routes_requests(), 1)

    def test_legacy_matrix_respects_its_25_destination_limit(self):
        self.use_google(self.server, source="legacy")
        self.orders._logistics_recompute_distances()
        self.assertEqual(self.server.count("GET", "/maps/api/distancematrix/json"), 12)  # ceil(300 / 25)
        self.assertEqual(set(self.orders.mapped("delivery_distance_source")), {"legacy"})

    def test_large_selection_runs_as_queue_jobs(self):
        self.use_google(self.server)
        with trap_jobs() as trap:
            self.orders.action_logistics_recompute_distance()
            trap.assert_jobs_count(2)  # 300 orders in chunks of 200
            self.assertEqual(self.server.count(), 0, "nothing runs inside the user's request")
            trap.perform_enqueued_jobs()
        self.assertEqual(set(self.orders.mapped("delivery_distance_source")), {"routes"})

    def test_nightly_cron_reprices_quotes_whose_address_moved(self):
        self.use_google(self.server)
        sample = self.orders[:3]
        with freeze_time("2026-03-01 10:00:00"):
            sample._logistics_recompute_distances()
        moved = sample[0].partner_shipping_id
        with freeze_time("2026-03-01 11:00:00"):
            moved.write({"street": "Rua Teste 299 ", "city": "Sao Paulo"})  # now at customer 299's place
            moved._logistics_ensure_coordinates()
        self.assertTrue(sample[0].delivery_distance_stale)
        self.assertFalse(sample[1].delivery_distance_stale)
        with freeze_time("2026-03-02 02:00:00"):
            repriced = self.env["sale.order"]._cron_logistics_recompute_moved()
        self.assertEqual(repriced, sample[0])
        self.assertFalse(sample[0].delivery_distance_stale)
        # now priced on customer 299's place (order 299 itself was never priced here); the
        # stored km are rounded to 0.1
        before = FakeGoogleMaps.road_km(WAREHOUSE, self.places["rua teste 0 "])
        after = FakeGoogleMaps.road_km(WAREHOUSE, self.places["rua teste 299 "])
        self.assertGreater(abs(after - before), 1.0)
        self.assertAlmostEqual(sample[0].delivery_distance_km, after, delta=0.06)
