from datetime import date

from odoo.tests import tagged

from .test_booked_stops import BookedStopCase


@tagged("post_install", "-at_install")
class TestBookedStopTour(BookedStopCase):
    """The board in a browser: the booked slot on the card, a move to another day refused."""

    def test_booked_stop_tour(self):
        today = date.today()
        stop = self.make_stop(self.customers[0], driver=self.driver_a, day=today)
        self.make_booking(stop, today, state="booked", protocol="AGD-77123")
        self.start_tour("/odoo/action-dispatch_board.dispatch_board_action", "retail_booking_dispatch_tour",
                        login="disp_dispatcher")
        self.assertEqual((stop.driver_id, stop.delivery_date), (self.driver_a, today))
