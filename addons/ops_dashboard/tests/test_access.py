from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import DashboardCase

CALL = "/web/dataset/call_kw/ops.dashboard/get_sections"


@tagged("post_install", "-at_install")
class TestAccess(DashboardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(cls.env, login="dash_outsider", password="dash_outsider_pw1",
                                     groups="base.group_user")
        cls.portal = new_test_user(cls.env, login="dash_portal", password="dash_portal_pw1",
                                   groups="base.group_portal")
        cls.other_company = cls.env["res.company"].create({"name": "Dash Other Co"})

    def rpc_as(self, login, password, **kwargs):
        self.authenticate(login, password)
        return self.make_jsonrpc_request(CALL, {"model": "ops.dashboard", "method": "get_sections",
                                                "args": [], "kwargs": kwargs})

    def test_viewer_gets_the_sections_over_rpc(self):
        result = self.rpc_as("dash_viewer", "dash_viewer_pw1", period="7d")
        self.assertEqual(result["period"]["name"], "7d")
        self.assertEqual(result["company_ids"], [self.company.id])
        self.assertIn("weather", [section["key"] for section in result["sections"]])

    @mute_logger("odoo.http")
    def test_refused_to_an_employee_without_the_group_and_to_a_portal_user(self):
        for login in ("dash_outsider", "dash_portal"):
            with self.subTest(login=login), self.assertRaises(JsonRpcException) as caught:
                self.rpc_as(login, f"{login}_pw1")
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_a_company_outside_the_allowed_ones_is_refused(self):
        with self.assertRaises(AccessError):
            self.sections(company_ids=[self.other_company.id])
        # allowed to the user but not active in the client: refused too
        self.viewer.company_ids |= self.other_company
        with self.assertRaises(AccessError):
            self.env["ops.dashboard"].with_user(self.viewer).with_context(
                allowed_company_ids=[self.company.id]).get_sections(company_ids=[self.other_company.id])
        self.assertTrue(self.sections(company_ids=[self.other_company.id]))

    def test_bad_periods_get_a_clear_answer(self):
        for kwargs in ({"period": "year"}, {"period": "custom", "date_from": "2026-02-10", "date_to": "2026-02-01"},
                       {"period": "custom", "date_from": "soon", "date_to": "2026-02-01"},
                       {"period": "custom", "date_from": "2020-01-01", "date_to": "2026-02-01"},
                       {"company_ids": "1"}):
            with self.subTest(kwargs=kwargs), self.assertRaises(UserError):
                self.sections(**kwargs)
        custom = self.env["ops.dashboard"].with_user(self.viewer).get_sections(
            period="custom", date_from="2026-01-01", date_to="2026-01-31")
        self.assertEqual(custom["period"], {"name": "custom", "date_from": "2026-01-01", "date_to": "2026-01-31"})

    def test_only_the_sections_asked_for(self):
        self.assertEqual(list(self.sections(keys=["weather"])), ["weather"])
