from datetime import timedelta

from odoo import api, models
from odoo.fields import Domain

TREND_DAYS = 14  # revenue per day over two weeks: this week against the last


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
        daily = self._sales_daily(scope)
        revenue = self._sales_revenue(scope, daily)
        quotes = self._sales_distance_quotes(scope)
        empty = None if any(kpi["value"] for kpi in revenue + quotes) else self.env._(
            "No sales yet: confirmed sales orders show here, and quotations priced with a distance delivery method.")
        trend = self._daily_series(scope, TREND_DAYS, {self.env._("Revenue"): daily})
        return self._section(title, kpis=revenue + quotes, empty=empty, chart=dict(trend, type="line"))

    @api.model
    def _sales_ranges(self, scope):
        """``{figure: (first day, last day)}``: the period, this week, and the same
        length of time just before each."""
        week_start = scope.today - timedelta(days=scope.today.weekday())
        previous = scope.previous()
        return {
            "revenue": (scope.first_day, scope.last_day),
            "revenue_before": (previous.first_day, previous.last_day),
            "week": (week_start, scope.today),
            "week_before": (week_start - timedelta(days=7), scope.today - timedelta(days=7)),
        }

    @api.model
    def _sales_base(self, scope):
        return Domain("state", "=", "sale") & self._company_domain("sale.report", scope)

    @api.model
    def _sales_daily(self, scope):
        """Untaxed revenue of confirmed orders per day (order date, viewer's days) over
        every day a figure or the trend needs: the one query on ``sale.report`` (a
        heavy view: asked once per load)."""
        ranges = self._sales_ranges(scope).values()
        first = min([day for day, _last in ranges] + [scope.today - timedelta(days=TREND_DAYS - 1)])
        last = max([day for _first, day in ranges] + [scope.today])
        groups = self.env["sale.report"]._read_group(
            self._sales_base(scope) & Domain("date", ">=", scope.day_utc(first))
            & Domain("date", "<", scope.day_utc(last + timedelta(days=1))), ["date:day"], ["price_subtotal:sum"])
        return {day.date(): amount for day, amount in groups if day}

    @api.model
    def _sales_revenue(self, scope, daily):
        """Revenue in the period and this week, each against the time just before."""
        base = self._sales_base(scope)
        figures, domains = {}, {}
        for key, (first, last) in self._sales_ranges(scope).items():
            figures[key] = self.env.company.currency_id.round(
                sum(amount for day, amount in daily.items() if first <= day <= last))
            domains[key] = base & Domain("date", ">=", scope.day_utc(first)) \
                & Domain("date", "<", scope.day_utc(last + timedelta(days=1)))
        currency = self.env.company.currency_id.id
        views = [[False, "list"], [False, "pivot"]]

        def kpi(key, label, before_key):
            value, before = figures[key], figures[before_key]
            hint = self.env._("%(change)+d%% vs before", change=round(100 * (value - before) / before)) \
                if before else self.env._("nothing before")
            action = dict(self._action("sale.report", domains[key], label), views=views)
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
                      hint=self.env._("%(share)s%% of priced", share=round(100 * fallback / priced))
                      if priced else None,
                      action=self._action(Order, base & specs["straight_line"][0],
                                          self.env._("Quotations priced on straight-line distance"))),
        ]
