from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestBoardSave(DispatchCase):
    """Loading the week and saving lane changes: reorder, move, whole day, stale
    versions, done stops."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s1, cls.s2, cls.s3 = (cls.make_stop(c, driver=cls.driver_a, day=cls.day, sequence=10 * (i + 1))
                                  for i, c in enumerate(cls.customers[:3]))
        cls.free = cls.make_stop(cls.customers[3])

    def test_load_board_lanes_and_cards(self):
        data = self.board.load_board(self.day.isoformat(), 7)
        self.assertEqual(len(data["dates"]), 7)
        lane = data["lanes"][self.lane(self.driver_a)]
        self.assertEqual(lane["stops"], (self.s1 | self.s2 | self.s3).ids)
        self.assertIn(self.free.id, data["lanes"]["0|"]["stops"])
        card = data["stops"][self.s1.id]
        self.assertEqual(card["window"], "08:00-18:00")
        self.assertEqual(card["partner"], "Padaria Norte")
        self.assertIn("version", lane)

    def test_reorder_and_move_in_one_call(self):
        key_a, key_b = self.lane(self.driver_a), self.lane(self.driver_b)
        answer = self.save([(key_a, [self.s3.id, self.s1.id]), (key_b, [self.s2.id, self.free.id])])
        self.assertEqual(answer["status"], "ok")
        self.assertEqual((self.s3.delivery_sequence, self.s1.delivery_sequence), (10, 20))
        self.assertEqual((self.s2 | self.free).driver_id, self.driver_b)
        self.assertEqual(self.free.delivery_date, self.day)
        self.assertEqual(self.versions(key_a, key_b, "0|"), {key_a: 1, key_b: 1, "0|": 1})

    def test_whole_day_to_another_driver(self):
        stops = self.s1 | self.s2 | self.s3
        self.save([(self.lane(self.driver_a), []), (self.lane(self.driver_b), stops.ids)])
        self.assertEqual(stops.driver_id, self.driver_b)
        self.assertEqual(stops.mapped("delivery_sequence"), [10, 20, 30])

    def test_stale_version_is_refused_and_nothing_written(self):
        key_a = self.lane(self.driver_a)
        seen = self.versions(key_a)
        self.save([(key_a, [self.s2.id, self.s1.id, self.s3.id])])  # another dispatcher saves first
        answer = self.board.save_lanes([{"key": key_a, "stops": [self.s3.id, self.s1.id, self.s2.id]}], seen)
        self.assertEqual(answer, {"status": "stale", "stale": [key_a]})
        self.assertEqual(self.s2.delivery_sequence, 10)

    def test_done_stop_cannot_be_moved(self):
        self.s1.driver_state = "delivered"
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            self.save([(self.lane(self.driver_a), [self.s2.id, self.s3.id]), (self.lane(self.driver_b), [self.s1.id])])
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            self.save([(self.lane(self.driver_a), [self.s2.id, self.s1.id, self.s3.id])])
        # the other stops still move around it
        answer = self.save([(self.lane(self.driver_a), [self.s1.id, self.s3.id, self.s2.id])])
        self.assertEqual(answer["status"], "ok")
        self.assertEqual(self.s1.driver_id, self.driver_a)

    def test_broken_window_is_flagged(self):
        self.s2.write({"delivery_window_start": 6.0, "delivery_window_end": 7.0})
        data = self.board.load_board(self.day.isoformat(), 1)
        self.assertTrue(data["stops"][self.s2.id]["late"])
        self.assertFalse(data["stops"][self.s1.id]["late"])

    def count_queries(self):
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self.board.load_board(self.day.isoformat(), 7)  # warm the registry caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.board.load_board(self.day.isoformat(), 7)
        return self.env.cr.sql_log_count - before

    def test_load_board_queries_do_not_grow_with_stops(self):
        few = self.count_queries()
        for customer in self.customers:
            self.make_stop(customer, driver=self.driver_b, day=self.day)
            self.make_stop(customer)
        many = self.count_queries()
        self.assertEqual(few, many)
        self.assertLessEqual(many, 15)

    def test_unreadable_requests_get_a_clear_answer(self):
        key = self.lane(self.driver_a)
        bad_calls = [
            ("load_board", ["not-a-date"]), ("load_board", [self.day.isoformat(), "x"]),
            ("load_board", [self.day.isoformat(), 7, {"warehouse_id": "abc"}]),
            ("save_lanes", ["lanes", {}]), ("save_lanes", [[{"key": key, "stops": "12"}], {}]),
            ("save_lanes", [[{"key": "x|y", "stops": []}], {}]),
            ("save_lanes", [[{"key": key, "stops": [self.s1.id]}], {key: "v1"}]),
            ("save_lanes", [[{"key": key, "stops": [self.s1.id, self.s1.id]}], {}]),
            ("optimise_day", [self.driver_a.id, "31/02/2026"]), ("plan_day", [self.day.isoformat(), "all"]),
        ]
        for method, args in bad_calls:
            with self.subTest(method=method, args=args), self.assertRaises(UserError):
                getattr(self.board, method)(*args)
        self.assertEqual(self.s1.delivery_sequence, 10)

    def test_deleted_stop_makes_the_board_stale(self):
        gone = self.make_stop(self.customers[5])
        gone_id = gone.id
        gone.action_cancel()
        gone.unlink()
        key = self.lane(self.driver_a)
        answer = self.board.save_lanes([{"key": key, "stops": [self.s1.id, gone_id]}], self.versions(key, "0|"))
        self.assertEqual(answer["status"], "stale")
