"""Automation rules: audit settings and figures, the no-back-fill safety, the message filters
of rules on the conversation log, and the dry run's record selection.

The run itself (audit rows, failure isolation) is in ``base_automation_audit.py``.
"""

import unicodedata
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.base_automation.models.base_automation import TIME_TRIGGERS

# How many records of a non time-based rule the dry run shows ("if it fired now").
DRY_RUN_EVENT_SAMPLE = 20


def fold(text):
    """``text`` lower-cased without accents: keywords match "Reclamação" and "reclamacao"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    ops_audit = fields.Selection(
        [
            ("all", "Every evaluation"),
            ("executed", "Executions and failures"),
            ("failures", "Failures only"),
            ("off", "Off (Odoo's behaviour)"),
        ],
        string="Execution Audit",
        default="all",
        required=True,
        help="Every evaluation: also the records that did not meet the condition. "
        "Off: no audit rows, and a failing record rolls back the whole scheduled batch, as in Odoo.",
    )
    ops_process_existing = fields.Boolean(
        string="Process Existing Records",
        help="For a time-based rule: when it is activated, also run it on the records whose date "
        "already passed. Unticked, the rule starts from its activation (no back-fill of history).",
    )
    ops_message_channel_ids = fields.Many2many(
        "messaging.channel",
        string="Message Channels",
        help="Rules on Conversation Messages: only incoming messages of these channels (all if empty).",
    )
    ops_message_keywords = fields.Char(
        string="Message Keywords",
        help="Rules on Conversation Messages: only incoming messages containing one of these "
        "comma-separated words (case and accents ignored; any message if empty).",
    )
    ops_is_message_rule = fields.Boolean(compute="_compute_ops_is_message_rule")
    ops_execution_ids = fields.One2many("base.automation.execution", "automation_id", string="Executions")
    ops_last_execution = fields.Datetime(string="Last Execution", compute="_compute_ops_stats")
    ops_run_count = fields.Integer(string="Runs (24 h)", compute="_compute_ops_stats")
    ops_failure_count = fields.Integer(string="Failures (24 h)", compute="_compute_ops_stats")

    @api.depends("model_name")
    def _compute_ops_is_message_rule(self):
        for rule in self:
            rule.ops_is_message_rule = rule.model_name == "messaging.message"

    def _compute_ops_stats(self):
        Execution = self.env["base.automation.execution"].sudo()
        since = fields.Datetime.now() - timedelta(hours=24)
        rules = [("automation_id", "in", self.ids)]
        runs = dict(
            Execution._read_group([*rules, ("date", ">=", since)], ["automation_id"], ["run_uuid:count_distinct"])
        )
        failures = dict(
            Execution._read_group(
                [*rules, ("date", ">=", since), ("result", "=", "failed")], ["automation_id"], ["__count"]
            )
        )
        last = dict(Execution._read_group(rules, ["automation_id"], ["date:max"]))
        for rule in self:
            rule.ops_run_count = runs.get(rule._origin, 0)
            rule.ops_failure_count = failures.get(rule._origin, 0)
            rule.ops_last_execution = last.get(rule._origin, False)

    # No back-fill --------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules._ops_start_from_now()
        return rules

    def write(self, vals):
        if "active" not in vals and "trigger" not in vals:
            return super().write(vals)
        dormant = self.filtered(lambda rule: not (rule.active and rule.trigger in TIME_TRIGGERS))
        res = super().write(vals)
        dormant._ops_start_from_now()
        return res

    def _ops_start_from_now(self):
        """Time-based rules that just became active start from now (``last_run``), unless
        *Process Existing Records* is ticked: Odoo starts them from 1970, so their first run
        would process every old record."""
        starting = self.filtered(
            lambda rule: rule.active and rule.trigger in TIME_TRIGGERS and not rule.ops_process_existing
        )
        if starting:
            super(BaseAutomation, starting).write({"last_run": fields.Datetime.now()})
        return starting

    # Message filters -----------------------------------------------------------------------
    def _ops_message_filter(self, records):
        """``records`` (conversation messages) kept by the rule's channel and keyword filters."""
        self.ensure_one()
        rule = self.sudo()
        if records._name != "messaging.message" or not (rule.ops_message_channel_ids or rule.ops_message_keywords):
            return records
        keywords = [fold(word.strip()) for word in (rule.ops_message_keywords or "").split(",") if word.strip()]

        def keep(message):
            if message.direction != "inbound":
                return False
            if rule.ops_message_channel_ids and message.channel_id not in rule.ops_message_channel_ids:
                return False
            return not keywords or any(word in fold(message.body) for word in keywords)

        return records.filtered(keep)

    def _filter_post_export_domain(self, records, feedback=False):
        """Odoo's condition, then the message filters; with ``feedback`` (a real trigger, not
        an onchange) the records left out are audited as *condition not met*."""
        kept, domain = super()._filter_post_export_domain(records, feedback=feedback)
        kept = self._ops_message_filter(kept)
        if feedback and self.sudo().ops_audit == "all":
            rejected = (records - kept).filtered(self._check_trigger_fields)
            self._ops_audit_skipped(rejected)
        return kept, domain

    # Dry run: what a run would select ------------------------------------------------------
    def _ops_select_now(self, now):
        """``(records, condition_met_ids, note)``: the records a run at ``now`` would process.

        Time-based rules: exactly the scheduler's selection (the same method it calls). Other
        rules have no batch: the latest records of the model, with their condition as if the
        trigger fired on them now."""
        self.ensure_one()
        if self.trigger in TIME_TRIGGERS:
            records = self._search_time_based_automation_records(until=now)
            return records, set(records.ids), False
        if self.trigger == "on_webhook":
            note = self.env._("A webhook rule runs on the record its call names: there is no selection to show.")
            return self.env[self.model_name], set(), note
        Model = self.env[self.model_name]
        records = Model.search([], order="id desc", limit=DRY_RUN_EVENT_SAMPLE)
        met = self._filter_post(self._filter_pre(records))
        note = self.env._(
            "This rule runs on events, not in batches: the %s latest records, as if it fired on them now.",
            DRY_RUN_EVENT_SAMPLE,
        )
        return records, set(met.ids), note

    # UI --------------------------------------------------------------------------------------
    def action_ops_test(self):
        """The Test button: the dry run in a dialog (see ``base.automation.test``)."""
        self.ensure_one()
        self.check_access("write")
        wizard = self.env["base.automation.test"].create({"automation_id": self.id})
        wizard._run_dry()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Test: %s", self.name),
            "res_model": "base.automation.test",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_ops_view_executions(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("ops_automation.action_base_automation_execution")
        action["domain"] = [("automation_id", "=", self.id)]
        action["context"] = {"search_default_filter_last_24h": 1}
        return action
