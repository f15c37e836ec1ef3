from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestAccess(DispatchCase):
    """The board's public methods over RPC: refused to portal users and drivers."""

    def call(self, model, method, args):
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                    "model": model, "method": method, "args": args, "kwargs": {}})
        except JsonRpcException as exc:
            return exc.args[0]
        return None

    def test_portal_and_driver_are_denied(self):
        stop = self.make_stop(self.customers[0], driver=self.driver_a, day=self.day)
        plan = self.env["dispatch.plan"].create({"kind": "optimise", "date": self.day, "state": "ready",
                                                 "driver_ids": [(6, 0, self.driver_a.ids)], "versions": {}})
        calls = [
            ("dispatch.board", "load_board", [self.day.isoformat()]),
            ("dispatch.board", "save_lanes", [[{"key": self.lane(self.driver_b), "stops": [stop.id]}], {}]),
            ("dispatch.board", "optimise_day", [self.driver_a.id, self.day.isoformat()]),
            ("dispatch.board", "plan_day", [self.day.isoformat()]),
            ("dispatch.plan", "action_apply", [plan.ids]),
        ]
        for login in ("disp_portal", "disp_drv_a"):
            self.authenticate(login, f"{login}_pw1")
            for model, method, args in calls:
                with self.subTest(user=login, method=method):
                    self.assertEqual(self.call(model, method, args), "odoo.exceptions.AccessError")
        self.assertEqual(stop.driver_id, self.driver_a)
        self.assertEqual(plan.state, "ready")

    def test_dispatcher_may_load_over_rpc(self):
        self.authenticate("disp_dispatcher", "disp_dispatcher_pw1")
        self.assertIsNone(self.call("dispatch.board", "load_board", [self.day.isoformat()]))
