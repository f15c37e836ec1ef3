import threading
import time

from odoo import api
from odoo.tests import tagged

from odoo.addons.ops_dashboard.models import ops_dashboard

from .common import DeliveriesCase


@tagged("post_install", "-at_install")
class TestDeliveries(DeliveriesCase):
    def test_todays_figures_and_their_drill_downs(self):
        section = self.sections()["deliveries"]
        kpis = self.kpis(section)
        expected = {"planned": 3, "delivered": 1, "failed": 1, "late": 1, "reschedule": 1, "drivers": 1}
        self.assertEqual({key: kpis[key]["value"] for key in expected}, expected)
        for key in expected:
            with self.subTest(kpi=key):
                self.assertDrillDown(kpis[key])
        self.assertIsNone(section["empty"])

    def test_on_time_rate_over_7_and_30_days(self):
        kpis = self.kpis(self.sections()["deliveries"])
        self.assertTrue(self.delivered.dashboard_on_time)
        self.assertFalse(self.delivered_late.dashboard_on_time)
        self.assertEqual(kpis["on_time_7"]["value"], 50)
        self.assertEqual(kpis["on_time_30"]["value"], 50)
        # the rate's drill-down opens the deliveries it is computed on
        self.assertEqual(self.drill_count(kpis["on_time_7"]), 2)

    def test_remaining_stops_per_driver_and_the_map(self):
        section = self.sections()["deliveries"]
        rows = self.table(section, "remaining")["rows"]
        self.assertEqual([(row["label"], row["value"]) for row in rows], [("Driver A", 2)])
        self.assertDrillDown(rows[0])
        self.assertEqual([driver["name"] for driver in section["map"]["drivers"]], ["Driver A"])
        self.assertEqual({stop["id"] for stop in section["map"]["stops"]}, {self.planned_a1.id, self.planned_a2.id})
        self.assertIn("{z}/{x}/{y}", section["map"]["tile_url"])

    def test_period_changes_the_figures(self):
        kpis = self.kpis(self.sections(period="7d")["deliveries"])
        self.assertEqual(kpis["planned"]["value"], 5, "today's 3, yesterday's and 5 days ago's")
        self.assertEqual(kpis["delivered"]["value"], 2)
        self.assertDrillDown(kpis["planned"])

    def test_cash_to_hand_in_per_driver(self):
        # in the main company: it has a chart of accounts and journals
        main = self.env.ref("base.main_company")
        self.viewer.company_ids |= main
        journal = self.env["account.journal"].search(
            [("type", "in", ("cash", "bank")), ("company_id", "=", main.id)], limit=1)
        payments = self.env["account.payment"].create([{
            "payment_type": "inbound", "partner_type": "customer", "partner_id": self.customer.id,
            "amount": amount, "journal_id": journal.id,
        } for amount in (50.0, 25.0, 10.0)])
        payments.action_post()
        payments[:2].write({"driver_id": self.driver_a.id, "driver_collect_method": "cash"})
        payments[2].write({"driver_id": self.driver_a.id, "driver_collect_method": "pix"})
        rows = self.table(self.sections(company_ids=[main.id])["deliveries"], "cash")["rows"]
        rows = [row for row in rows if row["label"] == "Driver A"]
        self.assertEqual([row["value"] for row in rows], [75.0])
        self.assertEqual(self.drill_sum(rows[0], "amount_company_currency_signed"), 75.0)

    def test_companies_are_kept_apart(self):
        self.assertEqual(self.kpis(self.sections()["deliveries"])["planned"]["value"], 3)
        self.viewer.company_ids |= self.other_company
        other = self.kpis(self.sections(company_ids=[self.other_company.id])["deliveries"])
        self.assertEqual(other["planned"]["value"], 1)
        self.assertDrillDown(other["planned"])
        both = self.kpis(self.sections()["deliveries"])
        self.assertEqual(both["planned"]["value"], 4)

    def test_a_closed_stop_tells_the_dashboards(self):
        ops_dashboard._last_notified.clear()
        self.addCleanup(ops_dashboard._last_notified.clear)
        stop = self.planned_a1.with_user(self.driver_a).sudo()
        stop._driver_mark_failed(self.env.ref("driver_portal.failure_reason_absent"), "closed")
        messages = [value["message"] for value in self.env.cr.precommit.data.get("bus.bus.values", [])]
        self.assertTrue(any('"section":"deliveries"' in message.replace(" ", "") for message in messages))

    def load_queries(self):
        self.sections()  # warm: record rules, access rights
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.sections()
        return self.env.cr.sql_log_count - before

    def test_queries_per_load_do_not_grow_with_the_data(self):
        queries = self.load_queries()
        self.assertLessEqual(queries, 25)
        driver_c = self.driver_a.copy({"login": "dash_drv_c", "name": "Driver C"})
        for sequence in range(10):
            self.stop(driver=driver_c, day=self.today, sequence=sequence)
        self.env["driver.position"].create({"driver_id": driver_c.id, "latitude": -23.4, "longitude": -46.5,
                                            "company_id": self.company.id})
        self.stop(driver_state="failed", failed_at=self.delivered.delivered_at)
        self.assertEqual(self.kpis(self.sections()["deliveries"])["drivers"]["value"], 2)
        self.assertEqual(self.load_queries(), queries)

    def test_tour_section_updates_when_a_stop_is_closed_elsewhere(self):
        """A driver closes a stop in their own session while the dashboard is open: the
        deliveries section reloads by itself (bus notification, no page refresh)."""
        ops_dashboard._last_notified.clear()
        self.addCleanup(ops_dashboard._last_notified.clear)
        reason = self.env.ref("driver_portal.failure_reason_absent")

        def close_a_stop():
            time.sleep(12)  # the dashboard is open by then (its first figure is checked before)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, self.driver_a.id, {})
                env["stock.picking"].browse(self.planned_a1.id).sudo()._driver_mark_failed(
                    reason.with_env(env).sudo(), "Closed gate")

        closer = threading.Thread(target=close_a_stop)
        closer.start()
        try:
            self.start_tour("/odoo/action-ops_dashboard.action_ops_dashboard", "ops_dashboard_live_tour",
                            login="dash_viewer")
        finally:
            closer.join()

    def test_tour_desktop(self):
        self.start_tour("/odoo/action-ops_dashboard.action_ops_dashboard", "ops_dashboard_tour", login="dash_viewer")


@tagged("post_install", "-at_install")
class TestDeliveriesPhone(DeliveriesCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_tour_phone(self):
        self.start_tour("/odoo/action-ops_dashboard.action_ops_dashboard", "ops_dashboard_tour", login="dash_viewer")
