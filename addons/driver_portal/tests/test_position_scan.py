import datetime
import inspect

from odoo import fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_autovacuum import is_autovacuum

from .common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestPositionAndScan(DriverPortalCase):
    """Position pings (with consent only, purged after N days) and the slip's QR check."""

    def test_positions_need_consent(self):
        self.login_a()
        before = self.env["driver.position"].search_count([])
        refused = self.post("/driver/position", {"latitude": "-23.5", "longitude": "-46.6"}, as_json=True)
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(refused.json()["code"], "no_consent")
        self.assertEqual(self.post("/driver/tracking", {"consent": "1"}).status_code, 303)
        self.assertTrue(self.driver_a.driver_tracking_consent)
        self.assertIn('data-tracking="1"', self.url_open("/driver").text)
        ok = self.post("/driver/position", {"latitude": "-23.5", "longitude": "-46.6", "accuracy": "12"})
        self.assertEqual(ok.status_code, 201)
        self.assertEqual(self.post("/driver/position", {"latitude": "95", "longitude": "0"}).status_code, 400)
        self.assertEqual(self.post("/driver/position", {"latitude": "x", "longitude": "0"}).status_code, 400)
        second = self.post("/driver/position", {"latitude": "-23.6", "longitude": "-46.7"})
        self.assertEqual(second.status_code, 201)
        positions = self.env["driver.position"].search([("driver_id", "=", self.driver_a.id)])
        self.assertEqual(len(positions), 2)
        self.assertEqual(self.env["driver.position"].search_count([]), before + 2)
        latest = positions.filtered("is_latest")
        self.assertEqual(latest.latitude, -23.6)
        self.assertEqual([p["driver_id"] for p in self.env["driver.position"].latest_positions()
                          if p["driver_id"] == self.driver_a.id], [self.driver_a.id])
        self.assertEqual(self.post("/driver/tracking", {"consent": "0"}).status_code, 303)
        self.assertEqual(self.post("/driver/position", {"latitude": "1", "longitude": "1"}).status_code, 403)

    def test_purge_is_odoo_daily_vacuum(self):
        """The purge runs with Odoo's daily ``ir.autovacuum``, not a cron of its own."""
        self.assertFalse(self.env.ref("driver_portal.ir_cron_purge_driver_positions", raise_if_not_found=False))
        self.assertFalse(self.env["ir.cron"].search([("model_id.model", "=", "driver.position")]))
        model_class = type(self.env["driver.position"])
        vacuums = [name for name, _f in inspect.getmembers(model_class, is_autovacuum)]
        self.assertIn("_gc_old_positions", vacuums)
        old = self.env["driver.position"].create({
            "driver_id": self.driver_b.id, "latitude": 1, "longitude": 1,
            "recorded_at": fields.Datetime.now() - datetime.timedelta(days=40)})
        done, remaining = self.env["driver.position"]._gc_old_positions()
        self.assertGreaterEqual(done, 1)
        self.assertEqual(remaining, 0)
        self.assertFalse(old.exists())

    def test_purge_keeps_recent_positions(self):
        positions = self.env["driver.position"]
        now = fields.Datetime.now()
        old, recent = positions.create([
            {"driver_id": self.driver_b.id, "latitude": lat, "longitude": lat,
             "recorded_at": now - datetime.timedelta(days=days)} for lat, days in ((1, 40), (2, 2))])
        self.assertTrue(recent.is_latest)
        self.assertFalse(old.is_latest)
        positions._gc_old_positions()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.env["ir.config_parameter"].set_param("driver_portal.position_retention_days", "1")
        positions._gc_old_positions()
        self.assertFalse(recent.exists())

    def test_scan_own_other_and_tampered(self):
        stop_a = self.make_stop(self.driver_a)
        stop_b = self.make_stop(self.driver_b)
        self.login_a()
        own = self.url_open(f"/driver/scan?token={stop_a._driver_scan_token()}", allow_redirects=False)
        self.assertEqual(own.status_code, 303)
        self.assertTrue(own.headers["Location"].endswith(f"/driver/stop/{stop_a.id}?scanned=1"))
        self.assertIn("Right delivery", self.url_open(own.headers["Location"]).text)
        other = self.url_open(f"/driver/scan?token={stop_b._driver_scan_token()}", allow_redirects=False)
        self.assertEqual(other.status_code, 403)
        token = stop_a._driver_scan_token()
        for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "garbage!!", "AQ", token[:20]):
            reply = self.url_open(f"/driver/scan?token={bad}", allow_redirects=False)
            self.assertEqual(reply.status_code, 403, bad)
            self.assertIn("not valid", reply.text)
        as_json = self.url_open(f"/driver/scan?token={stop_b._driver_scan_token()}",
                                headers={"Accept": "application/json"})
        self.assertEqual(as_json.json()["code"], "not_yours")
        self.assertEqual(self.url_open("/driver/scan").status_code, 200, "the camera page")

    def test_delivery_slip_prints_the_qr_code(self):
        stop = self.make_stop(self.driver_a)
        html = self.env["ir.actions.report"]._render_qweb_html("stock.action_report_delivery", stop.ids)[0].decode()
        self.assertIn("/report/barcode/?barcode_type=QR", html)
        token = stop._driver_scan_token()
        self.assertIn(token, html.replace("%3D", "="))
        self.assertEqual(stop._driver_picking_from_token(token), stop.id)
