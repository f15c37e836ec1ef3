from odoo import api, fields, models
from odoo.fields import Domain

TREND_DAYS = 30
OPT_OUT_DAYS = 7


class OpsDashboard(models.AbstractModel):
    """The messaging section, from the structured conversation log: inbound messages per
    channel, conversations waiting for a reply, missed calls, new leads by source,
    opt-outs of the week, and the inbox's health (backlog, failures)."""

    _inherit = "ops.dashboard"

    @api.model
    def _section_registry(self):
        return dict(super()._section_registry(), messaging=(40, "_section_messaging"))

    @api.model
    def _section_messaging(self, scope):
        title = self.env._("Messaging")
        unavailable = self._unavailable(title, ["messaging.message", "messaging.call", "messaging.conversation",
                                                "messaging.inbox", "crm.lead"])
        if unavailable:
            return unavailable
        inbound = Domain("direction", "=", "inbound") & self._company_domain("messaging.message", scope)
        in_period = Domain("date", ">=", scope.start) & Domain("date", "<", scope.end)
        by_day = self._messaging_by_day(scope, inbound)
        if by_day is not None:
            # the period lies in the trend's days: its per-channel counts are sums of days
            totals = {}
            for channel, day, count in by_day:
                if scope.first_day <= day.date() <= scope.last_day:
                    totals[channel] = totals.get(channel, 0) + count
            per_channel = sorted(totals.items(), key=lambda item: item[0].name or "")
        else:
            per_channel = self.env["messaging.message"]._read_group(inbound & in_period, ["channel_id"], ["__count"])
        channels_table = {
            "key": "channels", "title": self.env._("Inbound messages per channel"),
            "empty": self.env._("No inbound message: connect a channel (Messaging → Configuration → Channels)."),
            "rows": [{"label": channel.name, "value": count, "format": "integer",
                      "action": self._action(
                          "messaging.message", inbound & in_period & Domain("channel_id", "=", channel.id),
                          self.env._("Inbound messages on %s", channel.name))}
                     for channel, count in per_channel],
        }
        kpis = [self._kpi("inbound", self.env._("Inbound messages"), sum(count for _c, count in per_channel),
                          action=self._action("messaging.message", inbound & in_period,
                                              self.env._("Inbound messages")))]
        kpis += self._messaging_queues(scope)
        leads_table = self._messaging_leads(scope)
        return self._section(title, kpis=kpis, tables=[channels_table, leads_table],
                             chart=self._messaging_trend(scope, inbound, by_day))

    @api.model
    def _messaging_queues(self, scope):
        """Waiting conversations, missed calls, opt-outs, inbox backlog and failures: one
        query over the four models."""
        waiting = self._company_domain("messaging.conversation", scope)
        missed = Domain("started_at", ">=", scope.start) & Domain("started_at", "<", scope.end) \
            & self._company_domain("messaging.call", scope)
        inbox = self._company_domain("messaging.inbox", scope)
        since = fields.Datetime.to_string(fields.Datetime.subtract(fields.Datetime.now(), days=OPT_OUT_DAYS))
        specs = {
            "messaging.conversation": (waiting, {"waiting": (Domain("waiting_reply", "=", True), "count")}),
            "messaging.call": (missed, {"missed": (Domain("missed", "=", True), "count")}),
            "messaging.inbox": (inbox, {
                "backlog": (Domain("state", "=", "pending"), "count"),
                "failures": (Domain("state", "=", "failed") & Domain("received_at", ">=", scope.start)
                             & Domain("received_at", "<", scope.end), "count"),
            }),
        }
        if self.env["messaging.consent"].has_access("read"):
            specs["messaging.consent"] = (Domain("changed_at", ">=", since), {
                "opt_outs": (Domain("state", "=", "opted_out"), "count")})
        parts = [(model, base, figures) for model, (base, figures) in specs.items()]
        figures, actions = {}, {}
        for (model, base, model_specs), values in zip(parts, self._aggregate_many(parts), strict=True):
            figures.update(values)
            actions.update({name: (model, base & domain) for name, (domain, _agg) in model_specs.items()})
        labels = [("waiting", self.env._("Waiting for a reply"), None),
                  ("missed", self.env._("Missed calls"), "warning"),
                  ("opt_outs", self.env._("Opt-outs (7 days)"), None),
                  ("backlog", self.env._("Inbox backlog"), "warning"),
                  ("failures", self.env._("Inbox failures"), "danger")]
        return [self._kpi(key, label, figures[key], tone=tone if figures[key] else None,
                          action=self._action(*actions[key], label))
                for key, label, tone in labels if key in figures]

    @api.model
    def _messaging_leads(self, scope):
        """New leads of the period by source (UTM)."""
        domain = Domain("create_date", ">=", scope.start) & Domain("create_date", "<", scope.end) \
            & self._company_domain("crm.lead", scope)
        groups = self.env["crm.lead"]._read_group(domain, ["source_id"], ["__count"])
        return {
            "key": "leads", "title": self.env._("New leads by source"), "empty": self.env._("No new lead."),
            "rows": [{"label": source.name or self.env._("No source"), "value": count, "format": "integer",
                      "action": self._action("crm.lead", domain & Domain("source_id", "=", source.id or False),
                                             self.env._("New leads"))}
                     for source, count in groups],
        }

    @api.model
    def _messaging_by_day(self, scope, inbound):
        """Inbound messages per channel and day over the trend's days (one grouped query),
        or ``None`` when the period starts before them."""
        start, end = scope.last_days(TREND_DAYS)
        if scope.start < start or scope.end > end:
            return None
        return self.env["messaging.message"]._read_group(
            inbound & Domain("date", ">=", start) & Domain("date", "<", end), ["channel_id", "date:day"], ["__count"])

    @api.model
    def _messaging_trend(self, scope, inbound, by_day):
        if by_day is None:
            start, end = scope.last_days(TREND_DAYS)
            by_day = self.env["messaging.message"]._read_group(
                inbound & Domain("date", ">=", start) & Domain("date", "<", end), ["channel_id", "date:day"],
                ["__count"])
        series = {}
        for channel, day, count in by_day:
            series.setdefault(channel.name, {})[day] = count
        return dict(self._daily_series(scope, TREND_DAYS, series), type="bar")
