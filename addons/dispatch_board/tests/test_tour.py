from datetime import date

from odoo.tests import tagged

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestBoardTour(DispatchCase):
    """The board in a browser: move between drivers, reorder, unassigned to a driver,
    a delivered stop refused, the stale-version dialog."""

    def test_board_tour(self):
        today = date.today()
        names = {}
        for i, customer in enumerate(self.customers[:3]):
            names[customer.name] = self.make_stop(customer, driver=self.driver_a, day=today, sequence=10 * (i + 1))
        names["Café Centro"] = self.make_stop(self.customers[4], driver=self.driver_a, day=today, sequence=5)
        names["Café Centro"].driver_state = "delivered"
        names["Loja Oeste"] = self.make_stop(self.customers[3])
        self.start_tour("/odoo/action-dispatch_board.dispatch_board_action", "dispatch_board_tour",
                        login="disp_dispatcher")
        self.assertEqual(names["Padaria Norte"].driver_id, self.driver_b)
        self.assertEqual(names["Loja Oeste"].driver_id, self.driver_a)
        self.assertEqual(names["Café Centro"].driver_id, self.driver_a)
        ana = self.env["stock.picking"].search([("driver_id", "=", self.driver_a.id), ("delivery_date", "=", today)],
                                               order="delivery_sequence, id")
        self.assertEqual(ana.partner_id.mapped("name"), ["Café Centro", "Bar Sul", "Mercado Leste", "Loja Oeste"])
