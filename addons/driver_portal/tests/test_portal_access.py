import datetime
import re

from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import formatLang, mute_logger

from .common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestPortalAccess(DriverPortalCase):
    """Who gets what: only drivers, only their own stops, only with a CSRF token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stop_a2 = cls.make_stop(cls.driver_a, sequence=20)
        cls.stop_a1 = cls.make_stop(cls.driver_a, sequence=5)
        cls.stop_b = cls.make_stop(cls.driver_b, sequence=1)

    def test_driver_sees_own_stops_in_order(self):
        self.login_a()
        page = self.url_open("/driver")
        self.assertEqual(page.status_code, 200)
        ids = [int(i) for i in re.findall(r'data-stop-id="(\d+)"', page.text)]
        self.assertEqual(ids, [self.stop_a1.id, self.stop_a2.id])
        self.assertNotIn(self.stop_b.name, page.text)
        self.assertIn("https://www.google.com/maps/dir/?api=1&amp;destination=-23.550500,-46.633300", page.text)
        self.assertIn("https://waze.com/ul?ll=-23.550500,-46.633300&amp;navigate=yes", page.text)
        self.assertIn('href="tel:+551133334444"', page.text)
        self.assertIn("Water 20 L", page.text)
        self.assertIn("120.00", page.text, "cash on delivery of the uninvoiced order")

    def test_other_days_and_empty_state(self):
        self.login_a()
        tomorrow = self.today + datetime.timedelta(days=1)
        page = self.url_open(f"/driver/deliveries?date={tomorrow}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("No delivery on this day", page.text)
        self.assertIn(f"?date={self.today}", page.text, "link back to the previous day")
        self.make_stop(self.driver_a, day=tomorrow)
        page = self.url_open(f"/driver/deliveries?date={tomorrow}")
        self.assertNotIn("No delivery on this day", page.text)
        self.assertEqual(self.url_open("/driver/deliveries?date=not-a-date").status_code, 200)

    def test_driver_b_gets_nothing_of_driver_a(self):
        self.login_b()
        before = self.snapshot(self.stop_a1)
        stop = f"/driver/stop/{self.stop_a1.id}"
        self.assertEqual(self.url_open(stop).status_code, 404)
        self.assertEqual(self.deliver(self.stop_a1).status_code, 404)
        self.assertEqual(self.post(f"{stop}/fail", {"reason_id": self.reason_absent.id}).status_code, 404)
        self.assertEqual(self.post(f"{stop}/pay", {"method": "cash", "amount": "120"}).status_code, 404)
        scan = self.url_open(f"/driver/scan?token={self.stop_a1._driver_scan_token()}", allow_redirects=False)
        self.assertEqual(scan.status_code, 403)
        self.assertIn("not on your list", scan.text)
        self.assertEqual(self.snapshot(self.stop_a1), before)

    def test_receipts_and_unknown_ids_are_404(self):
        self.login_a()
        receipt = self.env["stock.picking"].create({"picking_type_id": self.env.ref("stock.picking_type_in").id})
        self.assertEqual(self.url_open(f"/driver/stop/{receipt.id}").status_code, 404)
        self.assertEqual(self.url_open("/driver/stop/999999999").status_code, 404)

    def test_portal_user_who_is_not_a_driver(self):
        self.login(self.portal_user, "drv_portal_pw1")
        before = self.snapshot(self.stop_a1)
        for url in ("/driver", "/driver/deliveries", "/driver/cash", "/driver/scan", f"/driver/stop/{self.stop_a1.id}"):
            self.assertEqual(self.url_open(url).status_code, 403, url)
        self.assertEqual(self.deliver(self.stop_a1).status_code, 403)
        pay = self.post(f"/driver/stop/{self.stop_a1.id}/pay", {"method": "cash", "amount": "1"})
        self.assertEqual(pay.status_code, 403)
        self.assertEqual(self.post("/driver/position", {"latitude": "1", "longitude": "1"}).status_code, 403)
        self.assertEqual(self.snapshot(self.stop_a1), before)
        self.assertNotIn("My deliveries", self.url_open("/my").text)

    def test_anonymous_is_sent_to_login(self):
        page = self.url_open("/driver", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertIn("/web/login", page.headers["Location"])

    def test_home_entry_for_drivers(self):
        self.login_a()
        home = self.url_open("/my")
        self.assertIn("My deliveries", home.text)
        self.assertIn('href="/driver"', home.text)

    @mute_logger("odoo.http")
    def test_csrf_missing_or_wrong_is_refused(self):
        self.login_a()
        before = self.snapshot(self.stop_a1)
        url = f"/driver/stop/{self.stop_a1.id}"
        no_token = self.post(f"{url}/fail", {"reason_id": self.reason_absent.id}, with_csrf=False)
        self.assertEqual(no_token.status_code, 400)
        self.assertEqual(self.post(f"{url}/fail", {"reason_id": self.reason_absent.id, "csrf_token": "forged"},
                                   with_csrf=False).status_code, 400)
        self.assertEqual(self.post(f"{url}/pay", {"method": "cash", "amount": "120"}, with_csrf=False).status_code, 400)
        self.assertEqual(self.post("/driver/tracking", {"consent": "1"}, with_csrf=False).status_code, 400)
        self.assertEqual(self.snapshot(self.stop_a1), before)
        self.assertFalse(self.driver_a.driver_tracking_consent)

    def test_day_page_query_count_does_not_grow_with_stops(self):
        """The amount due, lines and customers of all the stops are read in batch."""
        self.login_a()
        small, large = self.today + datetime.timedelta(days=5), self.today + datetime.timedelta(days=6)
        # same mix on both days (one stop with an open invoice), 2 stops against 8
        for day, count in ((small, 2), (large, 8)):
            for seq in range(count):
                partner = self.customer.copy({"name": f"Customer {day} {seq}"})
                stop = self.make_stop(self.driver_a, sequence=seq, day=day, partner=partner)
                if not seq:
                    self.invoice_order(stop)
        counts = {}
        for day in (small, large):
            self.url_open(f"/driver/deliveries?date={day}")  # warm-up (templates, caches)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            page = self.url_open(f"/driver/deliveries?date={day}")
            counts[day] = self.cr.sql_log_count - before
            self.assertEqual(page.status_code, 200)
        self.assertEqual(counts[small], counts[large], "one more stop must not cost one more query")

    @mute_logger("odoo.http")
    def test_rpc_surface_of_a_driver(self):
        """Over ``/web/dataset/call_kw`` a driver reaches none of the portal's helpers:
        the closing methods are private and the positions need a logistics group."""
        self.login_a()
        calls = [
            ("stock.picking", "_driver_mark_delivered", [self.stop_a1.ids, {"recipient": "x"}]),
            ("stock.picking", "_driver_collect_payment", [self.stop_a1.ids, "card", 1000.0]),
            ("stock.picking", "_driver_validate", [self.stop_a1.ids]),
            ("driver.position", "latest_positions", []),
            ("driver.position", "_gc_old_positions", []),
            ("driver.position", "create", [{"driver_id": self.driver_a.id, "latitude": 1, "longitude": 1}]),
        ]
        before = self.snapshot(self.stop_a1)
        for model, method, args in calls:
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method}"):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}",
                                          {"model": model, "method": method, "args": args, "kwargs": {}})
        self.assertEqual(self.snapshot(self.stop_a1), before)

    def test_amounts_as_odoo_monetary_widget(self):
        """The day page formats amounts itself (once per page): same text as Odoo's."""
        money = self.env["stock.picking"]._driver_money_formatter()
        euro = self.env.ref("base.EUR")
        for amount in (0.0, 5.5, 1234567.891, 120.0):
            for currency in (self.env.company.currency_id, euro):
                self.assertEqual(money(amount, currency), formatLang(self.env, amount, currency_obj=currency))
