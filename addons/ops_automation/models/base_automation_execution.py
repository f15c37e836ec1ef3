"""The execution audit: one row per record an automation rule evaluated or ran on.

Rows are written by the system only (sudo), never by users. Rows of a successful run are
buffered and inserted in one statement just before the transaction commits (a precommit
hook, :meth:`_buffer`), so a 1,000-record run costs one INSERT; failures are written at
once, on their own cursor (:meth:`_record_failures`).
"""

import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

BUFFER_KEY = "ops_automation.executions"
RETENTION_PARAM = "ops_automation.audit_retention_days"
DEFAULT_RETENTION_DAYS = 30
TRIGGERED_BY = [
    ("event", "Record event"),
    ("cron", "Scheduler"),
    ("webhook", "Webhook"),
]
COLUMNS = (
    "automation_id",
    "model_name",
    "res_id",
    "trigger",
    "triggered_by",
    "user_id",
    "run_uuid",
    "date",
    "condition_met",
    "action_executed",
    "result",
    "error",
    "duration_ms",
)
RESULTS = [
    ("done", "Done"),
    ("skipped", "Condition not met"),
    ("failed", "Failed"),
]


class BaseAutomationExecution(models.Model):
    _name = "base.automation.execution"
    _description = "Automation Rule Execution"
    _order = "date desc, id desc"
    _rec_name = "automation_id"

    automation_id = fields.Many2one(
        "base.automation", string="Rule", required=True, index=True, ondelete="cascade", readonly=True
    )
    model_name = fields.Char(string="Model", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="model_name", readonly=True)
    record_ref = fields.Reference(selection="_selection_record_ref", string="Record", compute="_compute_record_ref")
    trigger = fields.Selection(selection="_selection_trigger", readonly=True)
    triggered_by = fields.Selection(TRIGGERED_BY, required=True, readonly=True)
    user_id = fields.Many2one("res.users", readonly=True, ondelete="set null")
    run_uuid = fields.Char(string="Run", index=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    condition_met = fields.Boolean(readonly=True)
    action_executed = fields.Boolean(readonly=True)
    result = fields.Selection(RESULTS, required=True, readonly=True, index=True)
    error = fields.Text(readonly=True)
    duration_ms = fields.Float(string="Duration (ms)", digits=(16, 1), readonly=True, aggregator="avg")

    _rule_date_idx = models.Index("(automation_id, date)")

    @api.model
    def _selection_trigger(self):
        return self.env["base.automation"]._fields["trigger"]._description_selection(self.env)

    @api.model
    def _selection_record_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    @api.depends("model_name", "res_id")
    def _compute_record_ref(self):
        for row in self:
            valid = row.model_name in self.env and row.res_id
            row.record_ref = f"{row.model_name},{row.res_id}" if valid else False

    # Writing (system only) -------------------------------------------------------------------
    @api.model
    def _buffer(self, vals_list):
        """Insert ``vals_list`` with the transaction: just before it commits (precommit hook),
        in one statement, or never if it is rolled back (then the run did not happen)."""
        if not vals_list:
            return
        precommit = self.env.cr.precommit
        if BUFFER_KEY not in precommit.data:
            precommit.data[BUFFER_KEY] = []
            env = self.env

            def flush():
                env["base.automation.execution"]._insert(precommit.data.pop(BUFFER_KEY, []))

            precommit.add(flush)
        precommit.data[BUFFER_KEY].extend(vals_list)

    @api.model
    def _insert(self, vals_list):
        """One INSERT of the rows ``vals_list`` (values of :data:`COLUMNS`).

        Not ``create``: the ORM spends about a millisecond per row (defaults, selection
        checks, cache), 5-10 % of a plain scheduled run by itself, when the audit must stay
        under 10 %. The values come from the rule engine, never from users."""
        if not vals_list:
            return
        now = fields.Datetime.now()
        uid = self.env.uid
        rows = SQL(", ").join(
            SQL("(%s)", SQL(", ").join([*(vals.get(column) for column in COLUMNS), uid, now, uid, now]))
            for vals in vals_list
        )
        columns = SQL(", ").join(
            SQL.identifier(name) for name in (*COLUMNS, "create_uid", "create_date", "write_uid", "write_date")
        )
        self.env.cr.execute(SQL("INSERT INTO base_automation_execution (%s) VALUES %s", columns, rows))

    @api.model
    def _record_failures(self, vals_list):
        """Insert the failure rows ``vals_list`` on a separate cursor, committed at once.

        A separate cursor because the failure usually rolls the caller's transaction back (an
        event rule re-raises the error to the user, the webhook answers an error): rows
        written in it would vanish with it, and the failure would again live only in the
        server log. ``lock_timeout`` keeps this cursor from waiting on a lock the caller holds.
        """
        if not vals_list:
            return
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '5s'")
                self.env(cr=cr)["base.automation.execution"]._insert(vals_list)
        except psycopg2.Error:
            # The audit row is lost (e.g. a rule created in the same, uncommitted transaction);
            # the caller's own error must still reach the caller, so only log this one.
            _logger.exception("could not record %s automation failure(s)", len(vals_list))

    # Retention -------------------------------------------------------------------------------
    @api.model
    def _retention_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM, DEFAULT_RETENTION_DAYS)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_RETENTION_DAYS

    @api.autovacuum
    def _gc_executions(self):
        """Delete the rows older than the retention (Settings, default 30 days)."""
        limit = fields.Datetime.now() - timedelta(days=self._retention_days())
        self.env.cr.execute("DELETE FROM base_automation_execution WHERE date < %s", (limit,))
        _logger.info("GC'd %s automation execution rows", self.env.cr.rowcount)
