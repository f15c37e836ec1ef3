"""The Test button of an automation rule: a dry run in a dialog.

The records come from ``base.automation._ops_select_now`` (for time-based rules, the very
method the scheduler calls), each action describes what it would do
(``ir.actions.server._ops_preview``) and nothing is written: the previews run inside a
savepoint that is always rolled back, a guard against an action type whose preview would
write. Only this dialog's own rows are stored (transient).
"""

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY


class BaseAutomationTest(models.TransientModel):
    _name = "base.automation.test"
    _description = "Automation Rule Test (Dry Run)"

    automation_id = fields.Many2one("base.automation", string="Rule", required=True, ondelete="cascade", readonly=True)
    date = fields.Datetime(string="Simulated At", readonly=True)
    note = fields.Text(readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    met_count = fields.Integer(string="Condition Met", readonly=True)
    message_count = fields.Integer(string="Messages It Would Send", readonly=True)
    line_ids = fields.One2many("base.automation.test.line", "test_id", string="Simulated Records", readonly=True)

    def _run_dry(self, now=None):
        self.ensure_one()
        now = now or fields.Datetime.now()
        savepoint = self.env.cr.savepoint()
        try:
            lines, summary = self._simulate(self.automation_id, now)
        finally:
            savepoint.close(rollback=True)
        self.write({**summary, "date": now, "line_ids": [fields.Command.create(line) for line in lines]})

    @api.model
    def _simulate(self, rule, now):
        """``(line values, summary values)`` of ``rule`` run at ``now``."""
        records, met_ids, note = rule._ops_select_now(now)
        actions = rule.sudo().action_server_ids
        run = {"sent": {}, "messages": 0}
        lines = []
        for record in records:
            met = record.id in met_ids
            texts = [self._preview(action, record, run) for action in actions] if met else []
            lines.append(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "name": record.display_name,
                    "condition_met": met,
                    "actions": "\n".join(texts),
                }
            )
        summary = {
            "record_count": len(records),
            "met_count": len(met_ids),
            "message_count": run["messages"],
            "note": note,
        }
        return lines, summary

    @api.model
    def _preview(self, action, record, run):
        try:
            return action._ops_preview(record, run)
        except Exception as exc:
            if isinstance(exc, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                raise
            # Inside the rolled-back savepoint: show the error the run would meet.
            return self.env._("%(action)s would fail: %(error)s", action=action.name, error=exc)


class BaseAutomationTestLine(models.TransientModel):
    _name = "base.automation.test.line"
    _description = "Automation Rule Test: Record"

    test_id = fields.Many2one("base.automation.test", required=True, ondelete="cascade")
    res_model = fields.Char(string="Model")
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model")
    name = fields.Char(string="Record")
    condition_met = fields.Boolean()
    actions = fields.Text(string="What It Would Do")
