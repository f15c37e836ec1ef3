"""The audited run of automation rules.

Odoo runs a rule on records through :meth:`_process` (every trigger: events, the scheduler,
webhooks). This file overrides it to audit each record (``base.automation.execution``) and,
in a scheduled run, to keep a failing record from failing the batch:

* Odoo's scheduler (``_cron_process_time_based_actions``) calls ``_process(record)`` record
  by record in one transaction; the first error rolls the rule's whole batch back and leaves
  ``last_run`` unchanged, so one bad record blocks the rule forever.
* Here a scheduled batch runs *optimistically*: one savepoint at its start, no per-record
  cost. When a record fails, the batch is rolled back to that savepoint and replayed record
  by record, each in its own savepoint; the failing record is audited as failed, the others
  run. Rules with an action whose effects a rollback cannot undo (code, webhook, email, see
  ``ir.actions.server._ops_replayable``) run record by record from the start, so nothing is
  done twice.
* Event and webhook runs keep Odoo's behaviour (the error reaches the user / the caller);
  the failure is audited on a separate cursor before it propagates.
"""

import logging
import time
from uuid import uuid4

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

RUN_KEY = "ops_automation_run"
TRIGGER_KEY = "ops_automation_trigger"
MAX_ERROR_CHARS = 4000


def new_run(triggered_by):
    """The state of one run, carried in the context (shared by nested calls)."""
    return {"uuid": str(uuid4()), "by": triggered_by, "batches": {}, "selected": {}, "sent": {}}


class BaseAutomation(models.Model):
    _inherit = "base.automation"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_process_time_based_actions(self):
        run = new_run("cron")
        return super(BaseAutomation, self.with_context(**{RUN_KEY: run}))._cron_process_time_based_actions()

    def _execute_webhook(self, payload):
        return super(BaseAutomation, self.with_context(**{TRIGGER_KEY: "webhook"}))._execute_webhook(payload)

    def _search_time_based_automation_records(self, *, until):
        records = super()._search_time_based_automation_records(until=until)
        run = self.env.context.get(RUN_KEY)
        if run is not None:
            run["selected"][self.id] = records  # to know the batch's last record
        return records

    def _process(self, records, domain_post=None):
        run = self.env.context.get(RUN_KEY)
        if run is not None and run["by"] == "cron" and self.id in run["selected"]:
            return self._ops_process_scheduled(records, domain_post, run)
        if self.sudo().ops_audit == "off":
            return super()._process(records, domain_post)
        todo = self._ops_todo(records)
        if not todo:
            return super()._process(records, domain_post)
        rule = self
        if run is None:
            run = new_run(self.env.context.get(TRIGGER_KEY, "event"))
            rule = self.with_context(**{RUN_KEY: run})
        start = time.perf_counter()
        try:
            result = super(BaseAutomation, rule)._process(records, domain_post)
        except Exception as exc:
            if not isinstance(exc, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                rule._ops_audit(rule._ops_row_base(run), todo, "failed", start, exc)
            raise
        rule._ops_audit(rule._ops_row_base(run), todo, "done", start)
        return result

    def _ops_todo(self, records):
        """The records ``_process`` will run the actions on: not done yet in this
        transaction, and (on update) with a watched field changed, as Odoo decides."""
        done = self.env.context.get("__action_done", {}).get(self, records.browse())
        return (records - done).filtered(self._check_trigger_fields)

    # Scheduled runs ----------------------------------------------------------------------------
    # Called once per record by the scheduler: this path avoids any per-record query or new
    # environment (sudo, with_context), the audit must cost at most 10 % of a plain run.
    # The scheduler's records are never "done" already, and time-based rules watch no field,
    # so every record passed is run (no ``_ops_todo``).

    def _ops_open_batch(self, run):
        rule = self.sudo()
        replayable = all(rule.action_server_ids.mapped(lambda action: action._ops_replayable()))
        audit = rule.ops_audit
        batch = run["batches"][self.id] = {
            "audit": audit,
            "done": [],
            "isolated": not replayable,
            # released with the transaction (the scheduler commits after each rule)
            "savepoint": self.env.cr.savepoint() if replayable and audit != "off" else None,
            "sent": dict(run["sent"]),
            "row": self._ops_row_base(run, str(uuid4())),
        }
        return batch

    def _ops_process_scheduled(self, records, domain_post, run):
        """One record of a scheduled batch (see the module docstring)."""
        batch = run["batches"].get(self.id) or self._ops_open_batch(run)
        if batch["audit"] == "off":
            return super()._process(records, domain_post)
        if batch["isolated"]:
            return self._ops_process_isolated(records, domain_post, run, batch)
        start = time.perf_counter()
        try:
            super()._process(records, domain_post)
            if records[-1:] == run["selected"][self.id][-1:]:
                # Odoo flushes after the batch: a deferred error shows here, still in the batch.
                self.env.flush_all()
        except Exception as exc:
            if isinstance(exc, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                raise
            _logger.info("automation rule %s: a record failed, replaying the batch record by record", self.id)
            batch["savepoint"].rollback()
            batch["isolated"] = True
            run["sent"] = dict(batch["sent"])
            for done_records, done_domain in batch["done"] + [(records, domain_post)]:
                self._ops_process_isolated(done_records, done_domain, run, batch)
            return None
        batch["done"].append((records, domain_post))
        self._ops_audit(batch["row"], records, "done", start)
        return None

    def _ops_process_isolated(self, records, domain_post, run, batch):
        start = time.perf_counter()
        try:
            with self.env.cr.savepoint():
                super()._process(records, domain_post)
        except Exception as exc:
            if isinstance(exc, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                raise
            _logger.warning("automation rule %s failed on %s", self.id, records, exc_info=True)
            self._ops_audit(batch["row"], records, "failed", start, exc)
            return
        self._ops_audit(batch["row"], records, "done", start)

    # Audit rows ------------------------------------------------------------------------------
    def _ops_row_base(self, run, run_uuid=None):
        """The values shared by the rows of this rule in ``run``."""
        rule = self.sudo()
        return {
            "audit": rule.ops_audit,
            "automation_id": rule.id,
            "model_name": rule.model_name,
            "trigger": rule.trigger,
            "triggered_by": run["by"],
            "user_id": self.env.uid,
            "run_uuid": run_uuid or run["uuid"],
        }

    def _ops_audit(self, base, records, result, start=None, exc=None):
        """Audit ``records`` with ``result`` (``done`` / ``skipped`` / ``failed``), the
        elapsed time since ``start`` shared among them, and the error ``exc``."""
        levels = {"all": ("done", "skipped", "failed"), "executed": ("done", "failed"), "failures": ("failed",)}
        if result not in levels.get(base["audit"], ()) or not records:
            return
        elapsed = (time.perf_counter() - start) * 1000 if start else 0.0
        row = {key: value for key, value in base.items() if key != "audit"}
        row.update(
            date=fields.Datetime.now(),
            condition_met=result != "skipped",
            action_executed=result == "done",
            result=result,
            error=f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS] if exc else None,
            duration_ms=elapsed / len(records),
        )
        rows = [dict(row, res_id=record_id) for record_id in records.ids]
        Execution = self.env["base.automation.execution"]
        if result == "failed":
            Execution._record_failures(rows)
        else:
            Execution._buffer(rows)

    def _ops_audit_skipped(self, records):
        if records:
            run = self.env.context.get(RUN_KEY) or new_run(self.env.context.get(TRIGGER_KEY, "event"))
            self._ops_audit(self._ops_row_base(run), records, "skipped")
