from odoo.tests import tagged

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestCalendarFeed(DispatchCase):
    """The driver's iCalendar feed: signed URL answers, anything else is a 404."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver_a.tz = "America/Sao_Paulo"
        cls.stop = cls.make_stop(cls.customers[0], driver=cls.driver_a, day=cls.day, window=(9.0, 11.5))
        cls.other = cls.make_stop(cls.customers[1], driver=cls.driver_b, day=cls.day)

    def test_signed_feed(self):
        response = self.url_open(self.driver_a._dispatch_ical_path())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        body = response.text
        self.assertIn("BEGIN:VCALENDAR", body)
        self.assertIn(f"SUMMARY:{self.stop.name} · Padaria Norte", body)
        # 09:00 in São Paulo (UTC-3) is 12:00 UTC
        self.assertIn(f"DTSTART:{self.day.strftime('%Y%m%d')}T120000Z", body)
        self.assertIn(f"DTEND:{self.day.strftime('%Y%m%d')}T143000Z", body)
        self.assertNotIn(self.other.name, body, "only the driver's own stops")

    def test_tampered_or_foreign_urls_are_404(self):
        path = self.driver_a._dispatch_ical_path()
        token = path.rsplit("/", 1)[1][:-4]
        tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
        urls = [
            f"/dispatch/calendar/{self.driver_a.id}/{tampered}.ics",
            f"/dispatch/calendar/{self.driver_b.id}/{token}.ics",  # another driver's id, A's token
            f"/dispatch/calendar/{self.dispatcher.id}/{self.dispatcher._dispatch_ical_token()}.ics",  # not a driver
            f"/dispatch/calendar/999999999/{token}.ics",
            f"/dispatch/calendar/{self.driver_a.id}/.ics",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)

    def test_driver_page_links_the_feed(self):
        self.authenticate("disp_drv_a", "disp_drv_a_pw1")
        page = self.url_open(f"/driver?date={self.day.isoformat()}").text
        self.assertIn(self.driver_a._dispatch_ical_path().replace("/dispatch", ""), page)
