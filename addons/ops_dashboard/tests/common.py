"""Helpers for the dashboard's tests (core and bridge modules): a viewer, the sections
as the viewer gets them, and the check that a figure's drill-down opens as many records
(or the same total) as the figure says."""

from odoo.tests import HttpCase, new_test_user


class DashboardCase(HttpCase):
    """A company of the test's own (demo records stay out of the figures) and a viewer
    of it; sections fetched as that viewer."""

    viewer_groups = "ops_dashboard.group_dashboard_viewer"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Dash Test Co"})
        cls.viewer = new_test_user(cls.env, login="dash_viewer", password="dash_viewer_pw1", name="Dash Viewer",
                                   groups=cls.viewer_groups, tz="UTC", company_id=cls.company.id,
                                   company_ids=[cls.company.id])

    def sections(self, user=None, **kwargs):
        """``{key: section}`` as ``user`` (default: the viewer) gets them."""
        user = user or self.viewer
        result = self.env["ops.dashboard"].with_user(user).with_context(
            allowed_company_ids=kwargs.pop("allowed_company_ids", user.company_ids.ids)).get_sections(**kwargs)
        return {section["key"]: section for section in result["sections"]}

    @staticmethod
    def kpis(section):
        return {kpi["key"]: kpi for kpi in section["kpis"]}

    @staticmethod
    def table(section, key):
        return next(table for table in section["tables"] if table["key"] == key)

    def drill_count(self, item, user=None):
        """How many records the figure's drill-down opens for ``user``."""
        action = item["action"]
        user = user or self.viewer
        return self.env[action["res_model"]].with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids).search_count(action["domain"])

    def assertDrillDown(self, item, user=None):
        """The drill-down opens exactly as many records as the figure."""
        self.assertEqual(self.drill_count(item, user), item["value"], item["key"] if "key" in item else item)

    def drill_sum(self, item, field, user=None):
        action = item["action"]
        user = user or self.viewer
        records = self.env[action["res_model"]].with_user(user).search(action["domain"])
        return sum(records.mapped(field))
