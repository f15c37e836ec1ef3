import math
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import DispatchCase


def routes_matrix_reply(request):
    """A Routes API computeRouteMatrix answer for the posted origins x destinations."""
    body = request.json()
    points = [[w["waypoint"]["location"]["latLng"][k] for k in ("latitude", "longitude")]
              for w in body["origins"]], [[w["waypoint"]["location"]["latLng"][k] for k in ("latitude", "longitude")]
                                          for w in body["destinations"]]
    elements = []
    for o, a in enumerate(points[0]):
        for d, b in enumerate(points[1]):
            metres = round(math.dist(a, b) * 111_000 * 1.25)
            elements.append({"originIndex": o, "destinationIndex": d, "distanceMeters": metres,
                             "duration": f"{round(metres / 9)}s", "condition": "ROUTE_EXISTS"})
    return Reply(json=elements)


@tagged("post_install", "-at_install")
class TestPlan(DispatchCase):
    """Optimise day / Plan day: background job, preview, exact application."""

    def run_plan(self, method, *args):
        with trap_jobs() as trap:
            action = getattr(self.board, method)(*args)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        plan = self.env["dispatch.plan"].browse(action["res_id"])
        self.assertEqual(plan.state, "ready", plan.error)
        return plan

    def lane_order(self, driver):
        return self.env["stock.picking"].search(
            [("driver_id", "=", driver.id), ("delivery_date", "=", self.day)], order="delivery_sequence, id").ids

    def test_optimise_respects_windows_and_applies_exactly(self):
        windows = [(14.0, 15.0), (12.0, 13.0), (10.0, 11.0), (8.0, 18.0)]
        stops = [self.make_stop(c, driver=self.driver_a, day=self.day, sequence=10 * (i + 1), window=w)
                 for i, (c, w) in enumerate(zip(self.customers, windows, strict=False))]
        plan = self.run_plan("optimise_day", self.driver_a.id, self.day.isoformat())
        route = plan.route_ids
        self.assertEqual(route.driver_id, self.driver_a)
        self.assertGreater(route.late_before, 0, "the typed order breaks windows")
        self.assertEqual(route.late_after, 0)
        self.assertFalse(plan.unfit_ids)
        self.assertEqual(sorted(route.picking_order), sorted(s.id for s in stops))
        self.assertEqual(plan.matrix_source, "haversine")
        self.assertEqual(len(plan.map_data["routes"][0]["after"]), len(stops))
        self.start_tour(f"/odoo/action-dispatch_board.dispatch_plan_action/{plan.id}", "dispatch_plan_map_tour",
                        login="disp_dispatcher")
        plan.with_user(self.dispatcher).action_apply()
        self.assertEqual(plan.state, "applied")
        self.assertEqual(self.lane_order(self.driver_a), route.picking_order)
        board = self.board.load_board(self.day.isoformat(), 1)
        self.assertFalse([sid for sid in route.picking_order if board["stops"][sid]["late"]])
        # the driver's own page shows the new order
        self.authenticate("disp_drv_a", "disp_drv_a_pw1")
        page = self.url_open(f"/driver?date={self.day.isoformat()}").text
        names = [self.env["stock.picking"].browse(pid).partner_id.name for pid in route.picking_order]
        positions = [page.find(name) for name in names]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions))

    def test_infeasible_stops_are_listed_with_reasons(self):
        self.van_a.dispatch_max_weight = 100.0
        fine = self.make_stop(self.customers[0], driver=self.driver_a, day=self.day, sequence=10)
        early = self.make_stop(self.customers[1], driver=self.driver_a, day=self.day, sequence=20, window=(5.0, 6.0))
        heavy = self.make_stop(self.customers[2], driver=self.driver_a, day=self.day, sequence=30, qty=150)
        nowhere = self.make_stop(self.env["res.partner"].create({"name": "Sem Mapa"}), driver=self.driver_a,
                                 day=self.day, sequence=40)
        plan = self.run_plan("optimise_day", self.driver_a.id, self.day.isoformat())
        reasons = {u.picking_id: u.reason for u in plan.unfit_ids}
        self.assertEqual(reasons, {early: "window", heavy: "capacity", nowhere: "location"})
        self.assertEqual(plan.route_ids.picking_order[0], fine.id)
        plan.with_user(self.dispatcher).action_apply()
        self.assertEqual(self.lane_order(self.driver_a), plan.route_ids.picking_order)

    def test_plan_day_assigns_unassigned_stops_across_drivers(self):
        (self.van_a | self.van_b).write({"dispatch_max_stops": 3})
        # other deliveries waiting for a driver (demo data) are planned another day
        self.env["stock.picking"].search([
            ("driver_id", "=", False), ("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel")),
        ]).write({"delivery_date": self.day + timedelta(days=30)})
        free = self.env["stock.picking"].browse([self.make_stop(c, day=self.day).id for c in self.customers[:6]])
        plan = self.run_plan("plan_day", self.day.isoformat(), [self.driver_a.id, self.driver_b.id])
        self.assertFalse(plan.unfit_ids)
        self.assertEqual(sorted(plan.route_ids.mapped("stops_after")), [3, 3])
        self.assertLess(plan.km_after, 1000)
        plan.with_user(self.dispatcher).action_apply()
        for route in plan.route_ids:
            self.assertEqual(self.lane_order(route.driver_id), route.picking_order)
        self.assertEqual(len(free.driver_id), 2)

    def test_preview_of_a_changed_day_is_refused(self):
        stops = [self.make_stop(c, driver=self.driver_a, day=self.day, sequence=10 * (i + 1))
                 for i, c in enumerate(self.customers[:3])]
        plan = self.run_plan("optimise_day", self.driver_a.id, self.day.isoformat())
        self.save([(self.lane(self.driver_a), [stops[2].id, stops[0].id, stops[1].id])])
        with self.assertRaisesRegex(UserError, "changed since"):
            plan.with_user(self.dispatcher).action_apply()
        self.assertEqual(self.lane_order(self.driver_a), [stops[2].id, stops[0].id, stops[1].id])

    def test_route_matrix_batched_and_cached(self):
        with FakeHTTPServer() as google:
            google.add("POST", r"/distanceMatrix/v2:computeRouteMatrix", routes_matrix_reply)
            params = self.env["ir.config_parameter"].sudo()
            params.set_param("logistics_delivery.google_api_key", "test-key")
            params.set_param("logistics_delivery.distance_source", "routes")
            params.set_param("logistics_delivery.routes_url", f"{google.url}/distanceMatrix/v2:computeRouteMatrix")
            partners = self.env["res.partner"].create([
                {"name": f"Cliente {i}", "partner_latitude": -23.5 - i * 0.004,
                 "partner_longitude": -46.6 - (i % 6) * 0.01}
                for i in range(30)])
            for i, partner in enumerate(partners):
                self.make_stop(partner, driver=self.driver_a, day=self.day, sequence=i)
            plan = self.run_plan("optimise_day", self.driver_a.id, self.day.isoformat())
            # 31 points (warehouse + 30 stops): 961 elements, 625 per request
            self.assertEqual(plan.matrix_requests, math.ceil(31 * 31 / 625))
            self.assertEqual(google.count("POST"), 2)
            self.assertEqual(plan.matrix_source, "routes")
            again = self.run_plan("optimise_day", self.driver_a.id, self.day.isoformat())
            self.assertEqual(again.matrix_requests, 0)
            self.assertEqual(google.count("POST"), 2)
            self.assertAlmostEqual(again.km_before, plan.km_before, places=1)

    def test_old_travel_matrices_are_forgotten(self):
        Cache = self.env["dispatch.travel.cache"]
        old, recent = Cache.create([
            {"date": self.day - timedelta(days=30), "origin": "1.00000,1.00000", "data": {}},
            {"date": self.day, "origin": "1.00000,1.00000", "data": {}},
        ])
        Cache._gc_old_days()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
