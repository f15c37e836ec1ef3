from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestBookingRpc(HttpCase):
    """The public methods and workflow fields, called over RPC by users who may not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.booking_user = new_test_user(cls.env, login="rb_rpc_user", password="rb_rpc_user_pw1",
                                         groups="retail_booking.group_booking_user")
        new_test_user(cls.env, login="rb_rpc_portal", password="rb_rpc_portal_pw1", groups="base.group_portal")
        new_test_user(cls.env, login="rb_rpc_employee", password="rb_rpc_employee_pw1", groups="base.group_user")
        cls.picking = cls.env.ref("retail_booking.demo_picking_atacadao")
        cls.account = cls.env.ref("retail_booking.account_atacadao")
        cls.booking = cls.env["retail.booking"].create({
            "retailer_id": cls.account.retailer_id.id, "account_id": cls.account.id,
            "dc_id": cls.env.ref("retail_booking.dc_atacadao_sp").id,
            "vehicle_type_id": cls.env.ref("retail_booking.vehicle_truck").id,
            "window_start": "2030-01-10 12:00:00", "window_end": "2030-01-10 13:00:00",
        })

    def call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})

    def assert_denied(self, model, method, args, error="AccessError", kwargs=None):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(model, method, args, kwargs)
        self.assertIn(error, str(caught.exception))

    def test_outsiders_are_denied(self):
        for login in ("rb_rpc_portal", "rb_rpc_employee"):
            with self.subTest(login=login):
                self.authenticate(login, f"{login}_pw1")
                for method in ("action_request", "action_confirm", "action_refuse", "action_cancel",
                               "action_reset_draft"):
                    self.assert_denied("retail.booking", method, [self.booking.ids])
                self.assert_denied("retail.portal.account", "action_forget_session", [self.account.ids])
                self.assert_denied("stock.picking", "action_retail_booking_create", [self.picking.ids])
                self.assert_denied("retail.booking", "create", [[{"name": "x"}]])

    def test_booking_user_cannot_forge_state_or_read_secrets(self):
        self.authenticate("rb_rpc_user", "rb_rpc_user_pw1")
        self.assert_denied("retail.booking", "write", [self.booking.ids, {"state": "booked", "protocol": "X"}],
                           error="UserError")
        self.assert_denied("retail.booking", "create", [[{
            "retailer_id": self.account.retailer_id.id, "account_id": self.account.id, "state": "confirmed",
            "dc_id": self.booking.dc_id.id, "vehicle_type_id": self.booking.vehicle_type_id.id,
            "window_start": "2030-01-10 12:00:00", "window_end": "2030-01-10 13:00:00"}]], error="UserError")
        self.assert_denied("retail.portal.account", "action_forget_session", [self.account.ids])
        self.assert_denied("retail.portal.account", "write", [self.account.ids, {"password": "x"}])
        self.assert_denied("retail.portal.account", "read", [self.account.ids, ["password_enc"]])
        self.assert_denied("retail.booking", "_job_book", [self.booking.ids], error="AccessError")
        self.booking.invalidate_recordset()
        self.assertEqual(self.booking.state, "draft")
