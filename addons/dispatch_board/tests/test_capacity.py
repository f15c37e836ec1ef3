from datetime import timedelta

from odoo.tests import tagged

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestCapacity(DispatchCase):
    """Under / at / over capacity for weight, volume, stops and hours: over needs an
    explicit confirmation, nothing is written without it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.van_a.write({"dispatch_max_weight": 100.0, "dispatch_max_volume": 1.0, "dispatch_max_stops": 3})
        cls.driver_a.write({"dispatch_shift_start": 8.0, "dispatch_shift_end": 10.0})  # 2 hours

    def stops_for(self, dimension, amount):
        """Unassigned stops at the warehouse's door (no travel) loading ``amount`` of one
        dimension and little of the others."""
        if dimension == "weight":
            return self.make_stop(self.at_depot, product=self.heavy, qty=amount)
        if dimension == "volume":
            return self.make_stop(self.at_depot, product=self.bulky, qty=amount * 100)
        if dimension == "stops":
            return self.env["stock.picking"].browse([self.make_stop(self.at_depot, qty=1).id for _i in range(amount)])
        stop = self.make_stop(self.at_depot, qty=1)
        stop.dispatch_service_minutes = round(amount * 60)
        return stop

    def test_capacity_matrix(self):
        cases = {"weight": (90, 100, 110), "volume": (0.9, 1.0, 1.1), "stops": (2, 3, 4), "hours": (1.5, 2.0, 2.5)}
        offset = 0
        for dimension, (under, at, over) in cases.items():
            for label, amount in (("under", under), ("at", at), ("over", over)):
                offset += 1
                day = self.day + timedelta(days=offset)
                with self.subTest(dimension=dimension, case=label):
                    stops = self.stops_for(dimension, amount)
                    key = self.lane(self.driver_a, day)
                    answer = self.save([(key, stops.ids)])
                    if label == "over":
                        self.assertEqual(answer["status"], "over_capacity")
                        self.assertEqual(answer["over"][key]["over"], [dimension])
                        self.assertFalse(stops.driver_id, "nothing written without confirmation")
                        answer = self.save([(key, stops.ids)], confirm=True)
                    self.assertEqual(answer["status"], "ok")
                    self.assertEqual(stops.driver_id, self.driver_a)
                    self.assertEqual(set(stops.mapped("delivery_date")), {day})

    def test_board_shows_load_against_capacity(self):
        stops = self.stops_for("weight", 110) | self.stops_for("weight", 5)
        self.save([(self.lane(self.driver_a), stops.ids)], confirm=True)
        data = self.board.load_board(self.day.isoformat(), 1)
        lane = data["lanes"][self.lane(self.driver_a)]
        self.assertEqual(lane["load"]["weight"], 115.0)
        self.assertEqual(lane["capacity"]["weight"], 100.0)
        self.assertEqual(lane["over"], ["weight"])
        self.assertEqual(lane["load"]["stops"], 2)
