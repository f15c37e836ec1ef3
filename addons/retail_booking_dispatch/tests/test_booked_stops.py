from datetime import datetime, time, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dispatch_board.tests.common import DispatchCase
from odoo.addons.queue_job.tests.common import trap_jobs


class BookedStopCase(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher.tz = "America/Sao_Paulo"

    @classmethod
    def make_booking(cls, picking, day, state, protocol=False):
        """A booking of ``picking``'s unloading on ``day`` 10:00-11:00 (São Paulo)."""
        start = datetime.combine(day, time(13, 0))  # UTC
        booking = cls.env["retail.booking"].create({
            "retailer_id": cls.env.ref("retail_booking.retailer_atacadao").id,
            "account_id": cls.env.ref("retail_booking.account_atacadao").id,
            "dc_id": cls.env.ref("retail_booking.dc_atacadao_sp").id,
            "vehicle_type_id": cls.env.ref("retail_booking.vehicle_truck").id,
            "window_start": start, "window_end": start + timedelta(hours=1),
        })
        booking.write({"state": state, "protocol": protocol})  # as the robot would (superuser)
        picking.retail_booking_id = booking
        return booking


@tagged("post_install", "-at_install")
class TestBookedStops(BookedStopCase):
    """Stops with a booked unloading slot on the dispatch board: the slot on the card,
    moves to another day refused until the booking is cancelled, the optimiser leaves
    them on their day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s1, cls.s2, cls.s3 = (cls.make_stop(c, driver=cls.driver_a, day=cls.day, sequence=10 * (i + 1))
                                  for i, c in enumerate(cls.customers[:3]))
        cls.booking = cls.make_booking(cls.s1, cls.day, state="booked", protocol="AGD-77123")

    def call_kw(self, method, *args):
        """dispatch.board ``method`` over /web/dataset/call_kw as the logged-in user:
        (result, error message)."""
        response = self.url_open("/web/dataset/call_kw/dispatch.board/" + method, json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": "dispatch.board", "method": method, "args": list(args), "kwargs": {}}})
        body = response.json()
        return body.get("result"), body.get("error", {}).get("data", {}).get("message")

    def save_rpc(self, lanes):
        pickings = self.env["stock.picking"].browse([pid for _key, ids in lanes for pid in ids])
        keys = {key for key, _ids in lanes} | {self.board._lane_key(p) for p in pickings}
        return self.call_kw("save_lanes", [{"key": key, "stops": ids} for key, ids in lanes],
                            self.versions(*sorted(keys)))

    def test_card_shows_the_booked_slot(self):
        self.make_booking(self.s2, self.day, state="draft")
        self.authenticate("disp_dispatcher", "disp_dispatcher_pw1")
        data, error = self.call_kw("load_board", self.day.isoformat(), 1)
        self.assertFalse(error)
        slot = data["stops"][str(self.s1.id)]["booking"]
        self.assertEqual(slot["name"], self.booking.name)
        self.assertEqual((slot["dc"], slot["retailer"]), ("CD Atacadão São Paulo", "Atacadão S.A."))
        self.assertEqual((slot["date"], slot["window"]), (self.day.isoformat(), "10:00-11:00"))
        self.assertEqual((slot["protocol"], slot["state"]), ("AGD-77123", "booked"))
        self.assertFalse(slot["other_day"])
        # a draft booking holds no slot, nor does a stop without booking
        self.assertFalse(data["stops"][str(self.s2.id)]["booking"])
        self.assertFalse(data["stops"][str(self.s3.id)]["booking"])

    def test_move_to_another_day_refused_until_cancelled(self):
        self.authenticate("disp_dispatcher", "disp_dispatcher_pw1")
        today, tomorrow = self.lane(self.driver_a), self.lane(self.driver_a, self.day + timedelta(days=1))
        result, error = self.save_rpc([(today, [self.s2.id, self.s3.id]), (tomorrow, [self.s1.id])])
        self.assertFalse(result)
        self.assertIn(self.booking.name, error)
        self.assertIn("cancel or re-book", error)
        self.assertEqual((self.s1.delivery_date, self.s1.delivery_sequence), (self.day, 10))
        # the whole day moved to the next day: refused as well, nothing moves
        result, error = self.save_rpc([(today, []), (tomorrow, [self.s1.id, self.s2.id, self.s3.id])])
        self.assertIn(self.booking.name, error)
        self.assertEqual((self.s1 | self.s2 | self.s3).mapped("delivery_date"), [self.day] * 3)
        # cancelled: the stop moves like any other
        self.booking.action_cancel()
        result, error = self.save_rpc([(today, [self.s2.id, self.s3.id]), (tomorrow, [self.s1.id])])
        self.assertFalse(error)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(self.s1.delivery_date, self.day + timedelta(days=1))

    def test_same_day_reorder_and_driver_change_allowed(self):
        self.authenticate("disp_dispatcher", "disp_dispatcher_pw1")
        result, error = self.save_rpc([(self.lane(self.driver_a), [self.s2.id, self.s1.id, self.s3.id])])
        self.assertFalse(error)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(self.s1.delivery_sequence, 20)
        result, error = self.save_rpc([(self.lane(self.driver_a), [self.s2.id, self.s3.id]),
                                       (self.lane(self.driver_b), [self.s1.id])])
        self.assertFalse(error)
        self.assertEqual((self.s1.driver_id, self.s1.delivery_date), (self.driver_b, self.day))

    def test_requested_booking_holds_the_day_everywhere(self):
        requested = self.make_booking(self.s2, self.day, state="requested")
        with self.assertRaisesRegex(UserError, requested.name):
            self.save([(self.lane(self.driver_a), [self.s1.id, self.s3.id]),
                       (self.lane(self.driver_b, self.day + timedelta(days=2)), [self.s2.id])])
        # the delivery's form (or a plain write over RPC) obeys the same rule
        with self.assertRaisesRegex(UserError, "cancel or re-book"):
            self.s2.with_user(self.dispatcher).delivery_date = self.day - timedelta(days=1)
        # unscheduling is not a move; going back to the booked day is fine
        self.s2.with_user(self.dispatcher).write({"driver_id": False, "delivery_date": False})
        self.s2.with_user(self.dispatcher).delivery_date = self.day
        self.assertEqual(self.s2.delivery_date, self.day)

    def test_card_flags_a_stop_off_its_booked_day(self):
        self.booking.window_start += timedelta(days=2)
        self.booking.window_end += timedelta(days=2)
        slot = self.board.load_board(self.day.isoformat(), 1)["stops"][self.s1.id]["booking"]
        self.assertTrue(slot["other_day"])
        # it may go to its booked day, not to any other
        with self.assertRaisesRegex(UserError, self.booking.name):
            self.save([(self.lane(self.driver_a), [self.s2.id, self.s3.id]),
                       (self.lane(self.driver_a, self.day + timedelta(days=1)), [self.s1.id])])
        self.save([(self.lane(self.driver_a), [self.s2.id, self.s3.id]),
                   (self.lane(self.driver_a, self.day + timedelta(days=2)), [self.s1.id])])
        self.assertEqual(self.s1.delivery_date, self.day + timedelta(days=2))

    def test_plan_day_leaves_booked_stops_on_their_day(self):
        # other deliveries waiting for a driver (demo data) are planned another day
        self.env["stock.picking"].search([
            ("driver_id", "=", False), ("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel")),
        ]).write({"delivery_date": self.day + timedelta(days=30)})
        free = self.make_stop(self.customers[4])
        booked_later = self.make_stop(self.customers[5])
        booking = self.make_booking(booked_later, self.day + timedelta(days=3), state="confirmed")
        with trap_jobs() as trap:
            action = self.board.plan_day(self.day.isoformat(), [self.driver_a.id])
            trap.perform_enqueued_jobs()
        plan = self.env["dispatch.plan"].browse(action["res_id"])
        self.assertEqual(plan.state, "ready", plan.error)
        self.assertEqual(plan.unfit_ids.picking_id, booked_later)
        self.assertEqual(plan.unfit_ids.reason, "booked")
        self.assertIn(booking.name, plan.unfit_ids.detail)
        plan.with_user(self.dispatcher).action_apply()
        self.assertEqual((free.driver_id, free.delivery_date), (self.driver_a, self.day))
        self.assertFalse(booked_later.driver_id or booked_later.delivery_date)
        # the booked stop already on the day is routed with the others
        self.assertEqual(self.s1.delivery_date, self.day)
        self.assertIn(self.s1.id, plan.route_ids.picking_order)

    def count_queries(self):
        self.env.invalidate_all()
        self.board.load_board(self.day.isoformat(), 7)  # warm the caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        data = self.board.load_board(self.day.isoformat(), 7)
        return self.env.cr.sql_log_count - before, data

    def test_load_board_queries_do_not_grow_with_booked_stops(self):
        few, _data = self.count_queries()
        stops = [self.make_stop(customer, driver=self.driver_b, day=self.day) for customer in self.customers]
        for stop in stops:
            self.make_booking(stop, self.day, state="confirmed")
        many, data = self.count_queries()
        self.assertEqual(few, many)
        self.assertTrue(all(data["stops"][stop.id]["booking"] for stop in stops))
