from odoo.tests import new_test_user, tagged

from .common import DriverPortalCase


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
