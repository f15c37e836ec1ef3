from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMrpBoard(HttpCase):
    """Manufacturing orders on the board: rescheduled with the work centre's calendar,
    closed days refused, load confirmed, stale and started orders refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.planner = new_test_user(env, login="disp_mrp_planner", password="disp_mrp_planner_pw1", tz="UTC",
                                    groups="dispatch_board.group_dispatcher,mrp.group_mrp_user")
        calendar = env["resource.calendar"].create({"name": "Board 40h", "tz": "UTC"})  # Mon-Fri 8-12, 13-17
        cls.press = env["mrp.workcenter"].create({"name": "Board Press", "resource_calendar_id": calendar.id})
        product = env["product.product"].create({"name": "Board Widget", "is_storable": True})
        part = env["product.product"].create({"name": "Board Part", "type": "consu"})
        bom = env["mrp.bom"].create({
            "product_tmpl_id": product.product_tmpl_id.id, "product_qty": 1,
            "bom_line_ids": [Command.create({"product_id": part.id, "product_qty": 1})],
            "operation_ids": [Command.create({"name": "Press", "workcenter_id": cls.press.id,
                                              "time_cycle_manual": 120})],
        })
        cls.monday = date.today() - timedelta(days=date.today().weekday()) + timedelta(weeks=1)
        cls.order = env["mrp.production"].create({"product_id": product.id, "bom_id": bom.id, "product_qty": 1,
                                                   "date_start": datetime.combine(cls.monday, datetime.min.time())
                                                   + timedelta(hours=8)})
        cls.order.action_confirm()
        cls.board = env["dispatch.mrp.board"].with_user(cls.planner)

    def lane_of(self, data):
        return next(key for key, lane in data["lanes"].items() if self.order.id in lane["orders"])

    def move(self, day, confirm=False):
        seen = fields.Datetime.to_string(self.order.write_date)
        key = f"{self.press.id}|{day.isoformat()}"
        return self.board.move_orders([{"id": self.order.id, "key": key, "seen": seen}], confirm)

    def test_load_and_reschedule_on_the_calendar(self):
        data = self.board.load_board(self.monday.isoformat(), 7)
        self.assertEqual(data["orders"][self.order.id]["seen"], fields.Datetime.to_string(self.order.write_date))
        self.assertEqual(self.lane_of(data), f"{self.press.id}|{self.monday.isoformat()}")
        lane = data["lanes"][f"{self.press.id}|{self.monday.isoformat()}"]
        self.assertEqual((lane["load"], lane["capacity"]), (2.0, 8.0))
        self.assertEqual(data["lanes"][f"{self.press.id}|{(self.monday + timedelta(days=5)).isoformat()}"]["capacity"],
                         0.0, "Saturday is closed")
        wednesday = self.monday + timedelta(days=2)
        self.assertEqual(self.move(wednesday)["status"], "ok")
        self.assertEqual(self.order.workorder_ids.date_start, datetime.combine(wednesday, datetime.min.time())
                         + timedelta(hours=8))
        self.assertEqual(self.lane_of(self.board.load_board(self.monday.isoformat(), 7)),
                         f"{self.press.id}|{wednesday.isoformat()}")

    def test_closed_day_refused(self):
        with self.assertRaisesRegex(UserError, "does not work"):
            self.move(self.monday + timedelta(days=6))

    def test_over_capacity_needs_confirmation(self):
        self.order.workorder_ids.duration_expected = 600  # 10 h on an 8 h day
        tuesday = self.monday + timedelta(days=1)
        answer = self.move(tuesday)
        self.assertEqual(answer["status"], "over_capacity")
        self.assertEqual(self.order.date_start.date(), self.monday)
        self.assertEqual(self.move(tuesday, confirm=True)["status"], "ok")
        self.assertEqual(self.order.date_start.date(), tuesday)

    def test_stale_and_started_orders_refused(self):
        key = f"{self.press.id}|{(self.monday + timedelta(days=1)).isoformat()}"
        answer = self.board.move_orders([{"id": self.order.id, "key": key, "seen": "2000-01-01 00:00:00"}])
        self.assertEqual(answer["status"], "stale")
        self.order.workorder_ids.button_start()
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            self.move(self.monday + timedelta(days=1))

    def test_denied_without_the_groups(self):
        driver = new_test_user(self.env, login="disp_mrp_driver", groups="driver_portal.group_delivery_driver")
        for method, args in (("load_board", [self.monday.isoformat()]), ("move_orders", [[]])):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(self.env["dispatch.mrp.board"].with_user(driver), method)(*args)

    def test_board_tour(self):
        self.start_tour("/odoo/action-dispatch_board_mrp.dispatch_mrp_board_action", "dispatch_board_mrp_tour",
                        login="disp_mrp_planner")
        self.assertEqual(self.order.date_start.date(), self.monday + timedelta(days=1))
