from odoo import api, fields, models
from odoo.fields import Domain


class OpsDashboard(models.AbstractModel):
    """The invoice RPA section: this month's processes by state, robots running now,
    processes in error and invoices waiting for approval (with the oldest one's age)."""

    _inherit = "ops.dashboard"

    @api.model
    def _section_registry(self):
        return dict(super()._section_registry(), rpa=(30, "_section_rpa"))

    @api.model
    def _section_rpa(self, scope):
        title = self.env._("Invoice RPA")
        unavailable = self._unavailable(title, ["rpa.process", "rpa.execution"])
        if unavailable:
            return unavailable
        Process = self.env["rpa.process"]
        base = self._company_domain("rpa.process", scope)
        month = Domain("period", "=", fields.Date.to_string(scope.today.replace(day=1)))
        by_state = Process._read_group(base & month, ["state"], ["__count"])
        labels = dict(Process._fields["state"]._description_selection(self.env))
        states_table = {"key": "states", "title": self.env._("This month's processes"),
                        "empty": self.env._("No process this month: create them from the clients' operators "
                                            "(Invoice RPA → Schedules)."),
                        "rows": [{"label": labels[state], "value": count, "format": "integer",
                                  "action": self._action("rpa.process", base & month & Domain("state", "=", state),
                                                         labels[state])}
                                 for state, count in by_state]}
        specs = {
            "errors": (Domain("state", "=", "error"), "count"),
            "waiting": (Domain("state", "=", "waiting_approval"), "count"),
            # a process waiting for approval does not change until approved: write_date
            # is when it entered that state
            "oldest": (Domain("state", "=", "waiting_approval"), "min:write_date"),
        }
        execution_base = self._company_domain("rpa.execution", scope) & Domain("status", "in", ("queued", "running"))
        figures, running = self._aggregate_many([
            ("rpa.process", base, specs),
            ("rpa.execution", execution_base, {"running": (Domain("status", "=", "running"), "count"),
                                               "queued": (Domain("status", "=", "queued"), "count")}),
        ])
        oldest = figures["oldest"]
        age = int((fields.Datetime.now() - oldest).total_seconds() // 60) if oldest else None
        kpis = [
            self._kpi("running", self.env._("Robots running"), running["running"],
                      hint=self.env._("%s queued", running["queued"]),
                      action=self._action("rpa.execution", execution_base & Domain("status", "=", "running"),
                                          self.env._("Robots running"))),
            self._kpi("errors", self.env._("Errors"), figures["errors"], tone="danger" if figures["errors"] else None,
                      action=self._action("rpa.process", base & specs["errors"][0], self.env._("Processes in error"))),
            self._kpi("waiting", self.env._("Waiting approval"), figures["waiting"],
                      tone="warning" if figures["waiting"] else None,
                      action=self._action("rpa.process", base & specs["waiting"][0],
                                          self.env._("Invoices waiting for approval"))),
            self._kpi("oldest", self.env._("Oldest waiting"), age, fmt="minutes"),
        ]
        return self._section(title, kpis=kpis, tables=[states_table])
