from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestMultiCompany(DriverPortalCase):
    """A logistics user of company B sees nothing of company A's driver positions, over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Driver Co B"})
        cls.office_b = new_test_user(
            cls.env, login="drv_office_b", password="drv_office_b_pw1", company_id=cls.company_b.id,
            company_ids=[cls.company_b.id], groups="base.group_user,logistics_delivery.group_logistics_manager")
        cls.driver_b.write({"company_ids": [(4, cls.company_b.id)]})

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def test_driver_positions(self):
        self.driver_a.driver_tracking_consent = True
        self.login_a()
        self.assertEqual(self.post("/driver/position", {"latitude": "-23.5", "longitude": "-46.6"}).status_code, 201)
        position_a = self.env["driver.position"].search([("driver_id", "=", self.driver_a.id)])
        self.assertEqual(position_a.company_id, self.company_a, "the position belongs to the driver's company")
        position_b = self.env["driver.position"].with_company(self.company_b).create(
            {"driver_id": self.driver_b.id, "latitude": 1, "longitude": 1})
        self.assertEqual(position_b.company_id, self.company_b)
        self.authenticate("drv_office_b", "drv_office_b_pw1")
        seen = self.call("driver.position", "search_read", [], fields=["id"])
        self.assertEqual([r["id"] for r in seen], [position_b.id])
        latest = self.call("driver.position", "latest_positions")
        self.assertEqual([p["driver_id"] for p in latest], [self.driver_b.id])
        with self.assertRaises(JsonRpcException) as denied, mute_logger("odoo.http"):
            self.call("driver.position", "read", position_a.ids, fields=["latitude"])
        self.assertIn("AccessError", str(denied.exception))
