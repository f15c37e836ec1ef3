from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import FakeGoogleMaps, LogisticsCase

CAMPINAS = (-22.9099, -47.0626)


@tagged("post_install", "-at_install")
class TestHelpersAreNotRpc(LogisticsCase, HttpCase):
    """The geocoding cache, the distance service and the provider hooks are not RPC entry
    points: a logged-in user (portal included) can neither poison the cache nor spend the
    company's Google quota through them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="logi_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="logi_employee", groups="base.group_user")
        cls.customer = cls.make_customer("Campinas RPC", CAMPINAS)
        cls.portal_order = cls.make_order(cls.portal.partner_id)
        cls.portal.partner_id.write({"partner_latitude": CAMPINAS[0], "partner_longitude": CAMPINAS[1],
                                     "geo_source": "manual"})

    def setUp(self):
        super().setUp()
        self.server = FakeGoogleMaps().start()
        self.addCleanup(self.server.stop)
        self.use_google(self.server)

    def call(self, model, method, *args):
        """call_kw over HTTP as the authenticated user; the JSON-RPC error name, or None."""
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
                    "model": model, "method": method, "args": list(args), "kwargs": {}})
        except JsonRpcException as exc:
            return exc.args[0]
        return None

    def test_distance_service_and_cache_refused_to_portal_and_employees(self):
        sp, camp = [-23.55, -46.63], list(CAMPINAS)
        for login in ("logi_portal", "logi_employee", "logi_sales"):
            self.authenticate(login, login)
            with self.subTest(login=login):
                self.assertIsNotNone(self.call("logistics.distance", "road_distances", sp, [camp]))
                self.assertEqual(self.call("logistics.distance", "_road_distances", sp, [camp]),
                                 "odoo.exceptions.AccessError")
                self.assertIsNotNone(self.call("logistics.geocode.cache", "store", "rua falsa 1", [1.0, 2.0], "google"))
                self.assertIsNotNone(self.call("logistics.geocode.cache", "lookup", ["rua falsa 1"]))
                self.assertEqual(self.call("logistics.geocode.cache", "_store", "rua falsa 1", [1.0, 2.0], "google"),
                                 "odoo.exceptions.AccessError")
                for hook in ("distance_rate_shipment", "distance_send_shipping", "distance_get_tracking_link",
                             "distance_cancel_shipment"):
                    self.assertEqual(self.call("delivery.carrier", hook, self.carrier.ids, self.portal_order.id),
                                     "odoo.exceptions.AccessError", hook)
        self.assertEqual(self.server.count(), 0, "Google was called")
        self.assertFalse(self.env["logistics.geocode.cache"].search([("address", "=", "rua falsa 1")]))

    def test_recompute_action_refused_before_google_is_asked(self):
        """A portal customer reads their own quotation, but may not reprice it."""
        self.authenticate("logi_portal", "logi_portal")
        self.assertEqual(self.call("sale.order", "action_logistics_recompute_distance", self.portal_order.ids),
                         "odoo.exceptions.AccessError")
        self.assertEqual(self.server.count(), 0, "Google was called before the access check")
        self.assertFalse(self.portal_order.order_line.filtered("is_delivery"))

    def test_geocode_action_refused_before_google_is_asked(self):
        self.customer.write({"partner_latitude": 0.0, "partner_longitude": 0.0, "geo_source": False})
        self.server.places = {"campinas rpc": CAMPINAS}
        for login in ("logi_portal", "logi_employee"):
            self.authenticate(login, login)
            self.assertEqual(self.call("res.partner", "action_logistics_geocode", self.customer.ids),
                             "odoo.exceptions.AccessError", login)
        self.assertEqual(self.server.count(), 0)
