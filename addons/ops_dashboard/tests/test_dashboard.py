from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestDashboard(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.viewer = new_test_user(cls.env, login="dash_viewer", groups="ops_dashboard.group_dashboard_viewer")
        cls.outsider = new_test_user(cls.env, login="dash_outsider", groups="base.group_user")

    def test_sections_require_the_viewer_group(self):
        self.assertEqual(self.env["ops.dashboard"].with_user(self.viewer).get_sections(), [])
        with self.assertRaises(AccessError):
            self.env["ops.dashboard"].with_user(self.outsider).get_sections()

    def test_sections_refused_over_rpc_to_outsiders(self):
        self.authenticate("dash_outsider", "dash_outsider")
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request("/web/dataset/call_kw/ops.dashboard/get_sections", {
                "model": "ops.dashboard", "method": "get_sections", "args": [], "kwargs": {},
            })
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_tour_viewer_opens_dashboard_in_browser(self):
        self.start_tour("/odoo", "ops_dashboard_open", login="dash_viewer")
