from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply

from .common import DashboardCase

POINT = "40.7128,-74.006"  # 40.712776, -74.005974 to 4 decimals, trailing zero dropped
PERIODS = [{"name": "Today", "temperature": 54, "temperatureUnit": "F", "shortForecast": "Sunny",
            "isDaytime": True, "windSpeed": "5 mph", "probabilityOfPrecipitation": {"value": 10}},
           {"name": "Tonight", "temperature": 41, "temperatureUnit": "F", "shortForecast": "Clear",
            "isDaytime": False, "windSpeed": "3 mph", "probabilityOfPrecipitation": {"value": None}}]
ALERTS = {"features": [{"properties": {"event": "Wind Advisory", "severity": "Moderate",
                                       "headline": "Wind Advisory until 6 PM", "ends": "2026-11-30T18:00:00-05:00"}}]}


@tagged("post_install", "-at_install")
class TestWeather(DashboardCase):
    """The weather card against a local fake of api.weather.gov."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        us, br = cls.env.ref("base.us"), cls.env.ref("base.br")
        cls.us_company = cls.env["res.company"].create({"name": "Dash NYC", "country_id": us.id})
        cls.us_company.partner_id.write({"partner_latitude": 40.712776, "partner_longitude": -74.005974,
                                         "country_id": us.id})
        cls.br_company = cls.env["res.company"].create({"name": "Dash SP", "country_id": br.id})
        cls.br_company.partner_id.write({"partner_latitude": -23.5505, "partner_longitude": -46.6333,
                                         "country_id": br.id})
        cls.viewer.company_ids |= cls.us_company | cls.br_company
        cls.server = FakeHTTPServer().start()
        cls.addClassCleanup(cls.server.stop)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("ops_dashboard.nws_base_url", cls.server.url)
        params.set_param("ops_dashboard.weather_timeout", "0.5")
        params.set_param("ops_dashboard.weather_contact", "ops@example.com")

    def setUp(self):
        super().setUp()
        self.server.reset()
        url = self.server.url
        self.server.add("GET", f"/points/{POINT}", Reply(json={"properties": {
            "forecast": f"{url}/gridpoints/OKX/33,35/forecast", "gridId": "OKX",
            "relativeLocation": {"properties": {"city": "New York", "state": "NY"}}}}))
        self.server.add("GET", "/gridpoints/OKX/33,35/forecast", Reply(json={"properties": {"periods": PERIODS}}))
        self.server.add("GET", "/alerts/active", Reply(json=ALERTS))

    def card(self, company):
        return self.sections(company_ids=[company.id], keys=["weather"])["weather"]["weather"][0]

    def cache(self):
        self.env.invalidate_all()  # the refresh wrote it from another cursor
        return self.env["ops.dashboard.weather.cache"].sudo().search([("location_key", "=", f"nws:{POINT}")])

    def age(self, **values):
        """Move the cache's times back by the given timedeltas."""
        cache = self.cache()
        cache.write({name: cache[name] - delta for name, delta in values.items()})
        cache.flush_recordset()  # the refresh reads the row from another cursor

    def test_forecast_and_alerts_then_served_from_the_cache(self):
        card = self.card(self.us_company)
        self.assertEqual(card["status"], "ok")
        self.assertEqual([p["temperature"] for p in card["periods"]], [54, 41])
        self.assertEqual(card["alerts"][0]["event"], "Wind Advisory")
        points = self.server.received("GET", f"/points/{POINT}")
        self.assertEqual(len(points), 1)
        self.assertIn("OperationsSuiteDashboard", points[0].header("User-Agent"))
        self.assertIn("ops@example.com", points[0].header("User-Agent"))
        self.assertEqual(self.server.received("GET", "/alerts/active")[0].query["point"], POINT)
        self.card(self.us_company)
        self.card(self.us_company)
        self.assertEqual(self.server.count("GET", "/gridpoints/.*"), 1, "a fresh forecast is not asked again")
        # after 5 minutes the forecast is asked again, the grid is not
        self.age(attempted_at=timedelta(minutes=6), forecast_fetched_at=timedelta(minutes=6))
        self.card(self.us_company)
        self.assertEqual(self.server.count("GET", "/gridpoints/.*"), 2)
        self.assertEqual(self.server.count("GET", "/points/.*"), 1)
        # after 30 days the grid is looked up again
        self.age(attempted_at=timedelta(minutes=6), grid_fetched_at=timedelta(days=31))
        self.card(self.us_company)
        self.assertEqual(self.server.count("GET", "/points/.*"), 2)

    def test_outages_show_unavailable_with_the_age_of_the_last_good_forecast(self):
        self.card(self.us_company)
        for status in (503, 500):
            with self.subTest(status=status):
                self.server.add("GET", "/gridpoints/OKX/33,35/forecast", Reply(status=status, json={"detail": "down"}))
                self.age(attempted_at=timedelta(minutes=20), forecast_fetched_at=timedelta(minutes=20))
                card = self.card(self.us_company)
                self.assertEqual(card["status"], "unavailable")
                self.assertGreaterEqual(card["age_minutes"], 20)
                self.assertEqual(len(card["periods"]), 2, "the last good forecast stays visible")
                self.assertIn(f"HTTP {status}", self.cache().last_error)
                # the failed attempt is not repeated on every load
                calls = self.server.count("GET", "/gridpoints/.*")
                self.card(self.us_company)
                self.assertEqual(self.server.count("GET", "/gridpoints/.*"), calls)

    def test_a_slow_answer_times_out(self):
        self.server.add("GET", "/gridpoints/OKX/33,35/forecast",
                        Reply(json={"properties": {"periods": PERIODS}}, delay=10.5))
        # Odoo's test mode raises every HTTP timeout to 10 s: the fake answers later
        card = self.card(self.us_company)
        self.assertEqual(card["status"], "unavailable")
        self.assertIsNone(card["age_minutes"], "no forecast ever arrived")
        self.assertIn("no answer", self.cache().last_error)

    def test_a_point_outside_the_us_is_not_covered(self):
        self.server.add("GET", f"/points/{POINT}",
                        Reply(status=404, json={"title": "Data Unavailable For Requested Point"}))
        card = self.card(self.us_company)
        self.assertEqual(card["status"], "no_provider")
        self.age(attempted_at=timedelta(minutes=6))
        self.card(self.us_company)
        self.assertEqual(self.server.count("GET", "/points/.*"), 1, "not covered: kept for 30 days")
        self.assertEqual(self.server.count("GET", "/gridpoints/.*"), 0)

    def test_brazilian_warehouse_says_no_provider_without_calling(self):
        card = self.card(self.br_company)
        self.assertEqual(card["status"], "no_provider")
        self.assertIn("Brazil", card["message"])
        self.assertEqual(self.server.count(), 0)

    def test_no_coordinates_says_what_to_do(self):
        self.us_company.partner_id.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        card = self.card(self.us_company)
        self.assertEqual(card["status"], "no_coordinates")
        self.assertEqual(self.server.count(), 0)
