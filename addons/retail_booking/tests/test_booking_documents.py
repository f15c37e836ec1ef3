from odoo.tests import tagged

from odoo.addons.driver_portal.tests.common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestProtocolOnDriverStop(DriverPortalCase):
    """The driver sees the unloading protocol on the stop page (driver_portal's
    template, inherited)."""

    def test_driver_stop_shows_the_protocol(self):
        stop = self.make_stop(self.driver_a)
        retailer = self.env["res.partner"].create({"name": "Rede Teste", "is_company": True})
        recipe = self.env["retail.portal.recipe"].create({
            "name": "Teste", "retailer_id": retailer.id, "logged_in_selector": "#in"})
        account = self.env["retail.portal.account"].create({
            "name": "Teste", "recipe_id": recipe.id, "portal_url": "https://portal.example/"})
        booking = self.env["retail.booking"].create({
            "retailer_id": retailer.id, "account_id": account.id,
            "dc_id": self.env["retail.distribution.center"].create(
                {"name": "CD", "code": "CD1", "retailer_id": retailer.id, "partner_id": self.customer.id}).id,
            "vehicle_type_id": self.env.ref("retail_booking.vehicle_truck").id,
            "window_start": "2030-01-10 12:00:00", "window_end": "2030-01-10 13:00:00",
        })
        stop.retail_booking_id = booking
        self.login_a()
        page = self.url_open(f"/driver/stop/{stop.id}").text
        self.assertNotIn("o_driver_booking_protocol", page, "no protocol before the slot is booked")
        booking.sudo().write({"state": "booked", "protocol": "AGD-777"})
        page = self.url_open(f"/driver/stop/{stop.id}").text
        self.assertIn("o_driver_booking_protocol", page)
        self.assertIn("AGD-777", page)
