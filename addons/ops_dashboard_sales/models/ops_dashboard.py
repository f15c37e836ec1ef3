from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

TREND_DAYS = 30


class OpsDashboard(models.AbstractModel):
    """The sales & pricing section: revenue (Odoo's sales analysis, ``sale.report``)
    against the period before, and the quotations priced by distance, with those that
    fell back to the straight-line distance (a data-quality signal: addresses or road
    distance service to fix)."""

    _inherit = "ops.dashboard"

    @api.model
    def _section_registry(self):
        return dict(super()._section_registry(), sales=(20, "_section_sales"))

    @api.model
    def _section_sales(self, scope):
        title = self.env._("Sales & pricing")
        unavailable = self._unavailable(title, ["sale.report", "sale.order"])
        if unavailable:
            return unavailable
        revenue = self._sales_revenue(scope)
        quotes = self._sales_distance_quotes(scope)
        empty = None if any(kpi["value"] for kpi in revenue + quotes) else self.env._(
            "No sales yet: confirmed sales orders show here, and quotations priced with a distance delivery method.")
        return self._section(title, kpis=revenue + quotes, empty=empty, chart=self._sales_trend(scope))

    @api.model
    def _sales_revenue(self, scope):
        """Untaxed revenue of confirmed orders (by order date), in the period and this week,
        each against the same length of time just before."""
        Report = "sale.report"
        base = Domain("state", "=", "sale") & self._company_domain(Report, scope)
        week_start = scope.today - timedelta(days=scope.today.weekday())
        previous = scope.previous()
        ranges = {
            "revenue": (scope.start, scope.end),
            "revenue_before": (previous.start, previous.end),
            "week": (scope.day_utc(week_start), scope.day_utc(scope.today + timedelta(days=1))),
            "week_before": (scope.day_utc(week_start - timedelta(days=7)),
                            scope.day_utc(scope.today - timedelta(days=6))),
        }
        specs = {key: (Domain("date", ">=", start) & Domain("date", "<", end), "sum:price_subtotal")
                 for key, (start, end) in ranges.items()}
        figures = self._aggregate(Report, base, specs)
        currency = self.env.company.currency_id.id
        views = [[False, "list"], [False, "pivot"]]

        def kpi(key, label, before_key):
            value, before = figures[key], figures[before_key]
            hint = self.env._("%(change)+d%% vs before", change=round(100 * (value - before) / before)) \
                if before else self.env._("nothing before")
            action = dict(self._action(Report, base & specs[key][0], label), views=views)
            return self._kpi(key, label, value, fmt="monetary", currency=currency, hint=hint, action=action,
                             tone="success" if value >= before else "warning")

        return [kpi("revenue", self.env._("Revenue (period)"), "revenue_before"),
                kpi("week", self.env._("Revenue this week"), "week_before")]

    @api.model
    def _sales_distance_quotes(self, scope):
        """Quotations priced by distance in the period, and those on a straight line."""
        Order = "sale.order"
        base = Domain("state", "in", ("draft", "sent")) & Domain("delivery_distance_source", "!=", False) \
            & Domain("delivery_distance_date", ">=", scope.start) & Domain("delivery_distance_date", "<", scope.end) \
            & self._company_domain(Order, scope)
        specs = {"priced": (Domain.TRUE, "count"),
                 "straight_line": (Domain("delivery_distance_source", "=", "haversine"), "count")}
        figures = self._aggregate(Order, base, specs)
        priced, fallback = figures["priced"], figures["straight_line"]
        return [
            self._kpi("priced", self.env._("Quotations priced by distance"), priced,
                      action=self._action(Order, base, self.env._("Quotations priced by distance"))),
            self._kpi("straight_line", self.env._("Straight-line fallbacks"), fallback,
                      tone="warning" if fallback else None,
                      hint=self.env._("%(share)s%% of priced", share=round(100 * fallback / priced)) if priced else None,
                      action=self._action(Order, base & specs["straight_line"][0],
                                          self.env._("Quotations priced on straight-line distance"))),
        ]

    @api.model
    def _sales_trend(self, scope):
        start, end = scope.last_days(TREND_DAYS)
        groups = self.env["sale.report"]._read_group(
            Domain("state", "=", "sale") & self._company_domain("sale.report", scope)
            & Domain("date", ">=", start) & Domain("date", "<", end), ["date:day"], ["price_subtotal:sum"])
        return dict(self._daily_series(scope, TREND_DAYS, {self.env._("Revenue"): dict(groups)}), type="line")
