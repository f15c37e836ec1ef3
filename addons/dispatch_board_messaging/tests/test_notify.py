from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dispatch_board.tests.common import DispatchCase
from odoo.addons.queue_job.tests.common import trap_jobs


@tagged("post_install", "-at_install")
class TestNotify(DispatchCase):
    """Delivery notices through messaging.outbound: once per day and window, consent
    respected, customers without a number skipped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["messaging.channel"].create({"name": "SMS", "channel_type": "quo"})
        cls.company.dispatch_notify_channel_id = cls.channel
        cls.customers[0].write({"phone": "+55 11 98765-4321", "lang": "en_US"})
        cls.customers[1].write({"phone": "+55 11 91234-5678"})
        cls.stops = [cls.make_stop(c, driver=cls.driver_a, day=cls.day, window=(9.0, 12.0)) for c in cls.customers[:3]]
        cls.env["messaging.consent"].create({"phone": "+5511912345678", "channel_type": "quo", "state": "opted_out"})

    def outbound(self):
        return self.env["messaging.outbound"].search([("res_model", "=", "stock.picking"),
                                                      ("res_id", "in", [s.id for s in self.stops])])

    def test_notices_queued_once_with_consent(self):
        key = self.lane(self.driver_a)
        self.assertTrue(self.board.load_board(self.day.isoformat(), 1)["capabilities"]["notify"])
        with trap_jobs() as trap:
            counts = self.board.notify_customers([key])
            trap.assert_jobs_count(1)
        self.assertEqual(counts, {"queued": 1, "blocked": 1, "skipped": 1})
        rows = self.outbound()
        sent = rows.filtered(lambda r: r.state == "queued")
        self.assertEqual(sent.recipient, "+5511987654321")
        self.assertEqual(sent.partner_id, self.customers[0])
        self.assertIn("between 09:00 and 12:00", sent.body)
        self.assertEqual(rows.filtered(lambda r: r.state == "blocked").partner_id, self.customers[1])
        # nothing changed: nothing sent again
        with trap_jobs() as trap:
            self.assertEqual(self.board.notify_customers([key]), {"queued": 0, "blocked": 0, "skipped": 1})
            trap.assert_jobs_count(0)
        # the window changed: told again
        self.stops[0].write({"delivery_window_start": 13.0, "delivery_window_end": 15.0})
        with trap_jobs():
            self.assertEqual(self.board.notify_customers([key])["queued"], 1)
        self.assertIn("between 13:00 and 15:00", self.outbound().sorted("id")[-1].body)

    def test_denied_to_non_dispatchers(self):
        board = self.env["dispatch.board"].with_user(self.driver_a)
        with self.assertRaises(AccessError):
            board.notify_customers([self.lane(self.driver_a)])
        self.assertFalse(self.outbound())
