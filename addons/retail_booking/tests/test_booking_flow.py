import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingFlow(BookingCase):
    def test_missing_product_codes_refuse_the_request(self):
        self.env.ref("retail_booking.code_atacadao_chair").unlink()
        booking = self.new_booking()
        with self.assertRaisesRegex(UserError, "no Atacadão S.A. code: .*Office Chair"):
            booking.with_user(self.user).action_request()
        self.assertEqual(booking.state, "draft")
        self.assertFalse(self.jobs(booking))

    def test_vehicle_capacity_and_window(self):
        booking = self.new_booking()
        kombi = self.env.ref("retail_booking.vehicle_kombi")
        with self.assertRaisesRegex(ValidationError, "Kombi carries at most 2 pallets"):
            booking.write({"vehicle_type_id": kombi.id, "pallets": 3})
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation), self.env.cr.savepoint():
            booking.write({"window_end": booking.window_start})

    def test_impossible_transitions(self):
        booking = self.new_booking()
        with self.assertRaisesRegex(UserError, "cannot become Confirmed"):
            booking.with_user(self.user).action_confirm()
        booking.with_user(self.user).action_cancel()
        self.assertEqual(booking.state, "cancelled")
        with self.assertRaisesRegex(UserError, "through its buttons"):
            booking.with_user(self.user).write({"state": "booked", "protocol": "FAKE"})
        # a cancelled booking frees its deliveries for a new one
        again = booking.picking_ids.with_user(self.user).action_retail_booking_create()
        self.assertNotEqual(again["res_id"], booking.id)

    def test_one_booking_per_delivery(self):
        booking = self.new_booking()
        with self.assertRaisesRegex(UserError, "already have a booking"):
            booking.picking_ids.with_user(self.user).action_retail_booking_create()
