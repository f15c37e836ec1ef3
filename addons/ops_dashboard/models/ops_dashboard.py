import math
import time
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.periods import PeriodError, make_scope

VIEWER_GROUP = "ops_dashboard.group_dashboard_viewer"
SECTION_CHANGED = "ops_dashboard.section_changed"
# At most one "section changed" notification per section and worker process in this many
# seconds: a burst of webhook events costs each open dashboard a handful of reloads.
NOTIFY_INTERVAL = 10
_last_notified = {}  # (database, section key) -> time.monotonic() of the last notification
REFRESH_SECONDS = 300
AGGREGATES = {"count": "COUNT(*)", "sum": "SUM(%s)", "min": "MIN(%s)", "max": "MAX(%s)",
              "count_distinct": "COUNT(DISTINCT %s)"}


class OpsDashboard(models.AbstractModel):
    """Figures for the Operations dashboard.

    Sections come from the installed addons: a bridge module adds its section to
    :meth:`_section_registry` (call ``super()``) and implements the named method, which
    receives the :class:`~..tools.periods.Scope` and returns the section's dict (see
    :meth:`_section`). Everything runs as the viewer: record rules and the allowed
    companies apply to every figure, and each figure carries the domain that opens the
    records behind it (same domain, same count).
    """

    _name = "ops.dashboard"
    _description = "Operations Dashboard"

    # ------------------------------------------------------------------ public API

    @api.model
    @api.readonly
    def get_sections(self, period="today", date_from=None, date_to=None, company_ids=None, keys=None):
        """The dashboard's one RPC: every section the viewer may see, for a period and
        companies (default: the companies active in the web client).

        :param period: ``today``, ``7d``, ``30d`` or ``custom`` (with ``date_from`` and
            ``date_to``, ISO dates)
        :param company_ids: ids among the viewer's allowed companies
        :param keys: only these sections (a reload after a bus notification)
        :return: ``{"sections": [...], "companies": [...], "period": {...},
            "refresh_seconds": int}``
        """
        if not self.env.user.has_group(VIEWER_GROUP):
            raise AccessError(self.env._("You need the Dashboard viewer access right to see the Operations dashboard."))
        companies = self._scope_companies(company_ids)
        # figures by day in the viewer's time zone, as the period's days
        dashboard = self.with_context(allowed_company_ids=companies.ids, tz=self.env.user.tz or "UTC")
        scope = dashboard._make_scope(period, date_from, date_to, companies)
        sections = []
        for key, (sequence, method) in sorted(dashboard._section_registry().items(), key=lambda item: item[1][0]):
            if keys and key not in keys:
                continue
            section = getattr(dashboard, method)(scope)
            if section is not None:
                sections.append(dict(section, key=key, sequence=sequence))
        return {
            "sections": sections,
            "companies": [{"id": company.id, "name": company.name} for company in self.env.companies],
            "company_ids": companies.ids,
            "period": {"name": scope.period, "date_from": fields.Date.to_string(scope.first_day),
                       "date_to": fields.Date.to_string(scope.last_day)},
            "refresh_seconds": REFRESH_SECONDS,
        }

    # ------------------------------------------------------------------ hooks

    @api.model
    def _section_registry(self):
        """Hook: ``{section key: (sequence, method name)}``. A bridge module calls
        ``super()`` and adds its key; the method takes the scope and returns the section
        (or ``None`` to show nothing)."""
        return {}

    @api.model
    def _notify_section_changed(self, key):
        """Tell open dashboards that section ``key`` changed: a bus notification to the
        viewer group carrying only the key (each client reloads that section with its own
        rights). Throttled per section and worker (:data:`NOTIFY_INTERVAL`), tracked in
        memory: no query, no lock in the webhook's transaction. Sent at commit only.

        :return: whether a notification was queued
        """
        now = time.monotonic()
        marker = (self.env.cr.dbname, key)
        if now - _last_notified.get(marker, -math.inf) < NOTIFY_INTERVAL:
            return False
        _last_notified[marker] = now
        group = self.env.ref(VIEWER_GROUP, raise_if_not_found=False)
        if not group:
            return False
        group.sudo()._bus_send(SECTION_CHANGED, {"section": key})
        return True

    # ------------------------------------------------------------------ scope

    @api.model
    def _scope_companies(self, company_ids):
        """The companies figures are computed for: the asked ones among those active in
        the client (themselves checked against the user's allowed companies by Odoo)."""
        active = self.env.companies
        if not company_ids:
            return active
        if not isinstance(company_ids, list) or not all(isinstance(cid, int) for cid in company_ids):
            raise UserError(self.env._("Choose the companies among yours."))
        companies = active.filtered(lambda company: company.id in company_ids)
        if len(companies) != len(set(company_ids)):
            raise AccessError(self.env._("You cannot see the figures of a company you have no access to."))
        return companies

    @api.model
    def _make_scope(self, period, date_from, date_to, companies):
        today = fields.Date.context_today(self)
        try:
            return make_scope(period, today, self.env.user.tz or "UTC", companies.ids,
                              date_from=date_from, date_to=date_to)
        except PeriodError:
            raise UserError(self.env._(
                "Choose today, the last 7 or 30 days, or a custom range of at most a year "
                "(first day before the last).")) from None

    # ------------------------------------------------------------------ building blocks for sections

    @api.model
    def _company_domain(self, model, scope, field="company_id"):
        """The company filter of the scope on ``model`` (nothing when it has no company)."""
        return Domain(field, "in", list(scope.company_ids)) if field in self.env[model]._fields else Domain.TRUE

    @api.model
    def _aggregate(self, model, base_domain, specs):
        """Several figures of one model in ONE query, as the current user (record rules
        apply through ``_search``).

        :param specs: ``{name: (domain, aggregate)}``, aggregate ``"count"`` or
            ``"sum:field"`` / ``"min:field"`` / ``"max:field"`` / ``"count_distinct:field"``;
            each figure is computed on ``base_domain & domain``
        :return: ``{name: value}`` (``0`` for an empty count or sum, ``None`` for min/max)
        """
        return self._aggregate_many([(model, base_domain, specs)])[0]

    @api.model
    def _aggregate_many(self, parts):
        """:meth:`_aggregate` of several models, still in ONE query (one sub-select per
        model, each with the model's record rules).

        :param parts: list of ``(model, base_domain, specs)``
        :return: list of ``{name: value}``, in the order of ``parts``
        """
        results, subqueries = [], []
        for model, base_domain, specs in parts:
            subquery = self._aggregate_sql(model, base_domain, specs)
            results.append({name: (None if agg.split(":")[0] in ("min", "max") else 0)
                            for name, (_d, agg) in specs.items()})
            if subquery is not None:
                subqueries.append((len(results) - 1, subquery))
        if not subqueries:
            return results
        self.env.cr.execute(SQL("SELECT * FROM %s", SQL(", ").join(
            SQL("(%s) AS %s", subquery, SQL.identifier(f"part_{index}")) for index, subquery in subqueries)))
        row = iter(self.env.cr.fetchone())
        for index, _subquery in subqueries:
            for name, (_domain, aggregate) in parts[index][2].items():
                value = next(row)
                if value is not None or aggregate.split(":")[0] in ("min", "max"):
                    results[index][name] = value
        return results

    @api.model
    def _aggregate_sql(self, model, base_domain, specs):
        """The SELECT of :meth:`_aggregate` for one model, ``None`` when nothing matches."""
        Model = self.env[model]
        domains = {name: Domain(domain) for name, (domain, _agg) in specs.items()}
        query = Model._search(Domain(base_domain) & Domain.OR(domains.values()))
        if query.is_empty():
            return None
        selects = []
        for name, (_domain, aggregate) in specs.items():
            function, _sep, fname = aggregate.partition(":")
            expression = SQL(AGGREGATES[function], Model._field_to_sql(Model._table, fname, query)) \
                if fname else SQL(AGGREGATES[function])
            condition = domains[name].optimize_full(Model)._to_sql(Model, Model._table, query)
            selects.append(SQL("%s FILTER (WHERE %s)", expression, condition))
        return query.select(*selects)

    @api.model
    def _action(self, model, domain, name):
        """The drill-down of a figure: the records it counts (the client opens them)."""
        return {"res_model": model, "domain": list(Domain(domain)), "name": name}

    @api.model
    def _kpi(self, key, label, value, *, action=None, fmt="integer", tone=None, hint=None, currency=None):
        """One figure of a section. ``fmt``: integer, percent, monetary, minutes;
        ``tone``: danger / warning / success (the card's colour); ``hint``: a second line."""
        return {"key": key, "label": label, "value": value, "format": fmt, "action": action, "tone": tone,
                "hint": hint, "currency": currency}

    @api.model
    def _section(self, title, *, kpis=(), tables=(), chart=None, empty=None, **extra):
        """A section as the client renders it: ``kpis`` (see :meth:`_kpi`), ``tables``
        (``{"title", "rows": [{"label", "value", "format", "action"}]}``), a ``chart``
        (``{"type", "labels", "datasets": [{"label", "data"}]}``) and ``empty``: what to
        configure when there is nothing to show."""
        return dict(extra, title=title, kpis=list(kpis), tables=list(tables), chart=chart, empty=empty)

    @api.model
    def _unavailable(self, title, models_needed):
        """The section of a user who may not read its records: say whom to ask."""
        missing = [name for name in models_needed if not self.env[name].has_access("read")]
        if not missing:
            return None
        return self._section(title, empty=self.env._(
            "You have no access to these figures: ask an administrator for read access to %(models)s.",
            models=", ".join(self.env[name]._description for name in missing)))

    @api.model
    def _daily_series(self, scope, days, rows_by_series):
        """Chart data per day: ``rows_by_series`` ``{label: {date: value}}`` on the ``days``
        days ending today, missing days as 0."""
        day_list = [fields.Date.subtract(scope.today, days=offset) for offset in range(days - 1, -1, -1)]
        # grouping a datetime by day gives datetimes (midnight in the user's time zone)
        rows_by_series = {label: {(key.date() if isinstance(key, datetime) else key): value
                                  for key, value in values.items() if key}
                          for label, values in rows_by_series.items()}
        return {
            "labels": [fields.Date.to_string(day) for day in day_list],
            "datasets": [{"label": label, "data": [values.get(day, 0) for day in day_list]}
                         for label, values in rows_by_series.items()],
        }
