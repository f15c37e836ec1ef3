from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.ops_dashboard.tests.common import DashboardCase


@tagged("post_install", "-at_install")
class TestSales(DashboardCase):
    viewer_groups = "ops_dashboard.group_dashboard_viewer,sales_team.group_sale_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.customer = env["res.partner"].create({"name": "Mercado Azul"})
        product = env["product.product"].create({"name": "Water 20 L", "list_price": 10.0, "taxes_id": False})
        now = fields.Datetime.now()

        def order(amount, when, state="sale", **values):
            record = env["sale.order"].with_company(cls.company).create(dict(values, **{
                "partner_id": cls.customer.id, "company_id": cls.company.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": amount / 10.0,
                                               "price_unit": 10.0, "tax_ids": False})]}))
            if state == "sale":
                record.action_confirm()
            record.date_order = when
            return record

        cls.today_orders = order(200.0, now) | order(100.0, now)
        cls.yesterday_order = order(50.0, now - timedelta(days=1))
        cls.quote = order(70.0, now, state="draft")  # not revenue
        distance = {"delivery_distance_date": now, "delivery_distance_km": 12.0}
        cls.road = order(10.0, now, state="draft", delivery_distance_source="routes", **distance)
        cls.straight = order(10.0, now, state="draft", delivery_distance_source="haversine", **distance) \
            | order(10.0, now, state="draft", delivery_distance_source="haversine", **distance)
        order(10.0, now, delivery_distance_source="haversine", **distance)  # confirmed: no longer a quotation
        order(10.0, now, state="draft", delivery_distance_source="haversine",
              delivery_distance_date=now - timedelta(days=40))  # priced long ago

    def test_revenue_against_the_period_before(self):
        kpis = self.kpis(self.sections()["sales"])
        # today: 200 + 100 + the confirmed distance-priced order's 10; yesterday 50
        self.assertEqual(kpis["revenue"]["value"], 310.0)
        self.assertEqual(kpis["revenue"]["hint"], "+520% vs before")
        self.assertEqual(self.drill_sum(kpis["revenue"], "price_subtotal"), 310.0)
        week = self.kpis(self.sections(period="7d")["sales"])["revenue"]
        self.assertEqual(week["value"], 360.0)
        self.assertEqual(self.drill_sum(week, "price_subtotal"), 360.0)

    def test_quotations_priced_by_distance_and_straight_line_fallbacks(self):
        kpis = self.kpis(self.sections()["sales"])
        self.assertEqual(kpis["priced"]["value"], 3)
        self.assertEqual(kpis["straight_line"]["value"], 2)
        self.assertEqual(kpis["straight_line"]["hint"], "67% of priced")
        self.assertDrillDown(kpis["priced"])
        self.assertDrillDown(kpis["straight_line"])

    def test_revenue_trend_per_day(self):
        chart = self.sections()["sales"]["chart"]
        self.assertEqual(len(chart["labels"]), 14)
        self.assertEqual(chart["datasets"][0]["data"][-2:], [50.0, 310.0])

    def test_a_user_without_sales_rights_is_told_what_to_ask(self):
        self.viewer.group_ids = [Command.set([self.env.ref("ops_dashboard.group_dashboard_viewer").id])]
        section = self.sections()["sales"]
        self.assertFalse(section["kpis"])
        self.assertIn("no access", section["empty"])
