from odoo.tests import new_test_user, tagged

from .common import DriverPortalCase
from .test_validation import production_stock_sms


@tagged("post_install", "-at_install")
class TestDriverTour(DriverPortalCase):
    """A driver delivers a stop on a phone-sized, touch screen in headless Chromium."""

    browser_size = "390x844"
    touch_enabled = True

    def test_deliver_tour(self):
        driver = new_test_user(self.env, login="drv_tour", groups="driver_portal.group_delivery_driver")
        first = self.make_stop(driver, sequence=1)
        second = self.make_stop(driver, sequence=2)
        self.start_tour("/driver", "driver_portal_deliver", login="drv_tour")
        self.assertEqual(first.state, "done")
        self.assertEqual(first.driver_state, "delivered")
        self.assertEqual(first.delivery_recipient, "Joana Recebedora")
        self.assertTrue(first.delivery_signature)
        self.assertEqual(first.delivery_photo_ids.mapped("name"), ["delivery-photo-1.png"])
        self.assertEqual(second.driver_state, "todo", "only the opened stop was delivered")

    def test_share_position_and_scanner_tour(self):
        driver = new_test_user(self.env, login="drv_tour_scan", groups="driver_portal.group_delivery_driver")
        self.make_stop(driver)
        self.start_tour("/driver", "driver_portal_share_and_scan", login="drv_tour_scan")
        self.assertTrue(driver.driver_tracking_consent)

    def test_demo_day_of_driver1_tour(self):
        """driver1 delivers every stop of the demo day in the browser, on a company that
        never validated a delivery (stock_sms asks its one-time question)."""
        driver = self.env.ref("driver_portal.demo_driver1")
        stops = self.env["stock.picking"].search([
            ("sale_id", "in", [self.env.ref(f"driver_portal.demo_order_{n}").id for n in (1, 2, 3)])])
        self.assertEqual(stops.driver_id, driver)
        self.assertEqual(len(stops), 3)
        # the demo day was planned on the day the database was created
        stops.write({"delivery_date": self.today})
        self.assertEqual(set(stops.mapped("state")), {"assigned"})
        driver.company_id.write({"has_received_warning_stock_sms": False, "stock_text_confirmation": True})
        with production_stock_sms():
            self.start_tour("/driver", "driver_portal_demo_day", login="driver1")
        self.assertEqual(set(stops.mapped("state")), {"done"})
        self.assertEqual(set(stops.mapped("driver_state")), {"delivered"})
        self.assertEqual(sorted(stops.mapped("delivery_recipient")), ["Receiver 1", "Receiver 2", "Receiver 3"])
