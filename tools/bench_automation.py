"""Benchmark of the automation audit (ops_automation) against Odoo's plain base_automation.

Run by `make bench` (OPS_BENCH=automation) inside `odoo shell` (variables `env` and `odoo`
are given). One time-based rule ("1 day after the expected closing", an *Update record*
action setting the color) on 1,000 due leads, run by the scheduler's own method
(`base.automation._cron_process_time_based_actions`), with:
  - the audit off: the rule runs exactly as in Odoo (ops_automation steps aside),
  - the audit on (every evaluation): 1,000 audit rows, the batch isolation savepoint.
Rounds alternate, each starts from a fresh ORM state and is rolled back (same data every
time); the medians of each side are compared (CPU time of the process and wall time), with
the SQL queries of a run. The scheduler commits after each rule: for the
benchmark only, its `_commit_progress` is replaced by a no-op so that everything is rolled
back at the end.
"""

import statistics
import time
from datetime import timedelta

from odoo import fields
from odoo.orm.environments import Environment, Transaction

N_LEADS = 1000
ROUNDS = 7


def make_data(env):
    env["base.automation"].search([]).write({"active": False})
    today = fields.Date.today()
    leads = env["crm.lead"].create(
        [
            {"name": f"Bench lead {i}", "date_deadline": today - timedelta(days=2), "probability": 10}
            for i in range(N_LEADS)
        ]
    )
    model = env["ir.model"]._get("crm.lead")
    field = env["ir.model.fields"]._get("crm.lead", "color")
    rule = env["base.automation"].create(
        {
            "name": "Bench: due yesterday",
            "model_id": model.id,
            "trigger": "on_time",
            "trg_date_id": env["ir.model.fields"]._get("crm.lead", "date_deadline").id,
            "trg_date_range": 1,
            "trg_date_range_type": "day",
            "filter_domain": "[('probability', '<', 100)]",
            "ops_process_existing": True,
            "action_server_ids": [
                fields.Command.create(
                    {
                        "name": "Bench: color",
                        "model_id": model.id,
                        "state": "object_write",
                        "update_field_id": field.id,
                        "update_path": "color",
                        "value": "3",
                    }
                )
            ],
        }
    )
    return leads, rule


def run_once(env, rule, audit):
    """One scheduler run of ``rule``, rolled back: (CPU seconds, wall seconds, queries, audit rows).

    Each run starts from a fresh ORM transaction state (no cache, no environments), as a new
    cron run does: runs in one long-lived transaction slow down one after the other (the
    environments of the previous runs pile up), which would favour whichever side runs first."""
    cr = env.cr
    savepoint = cr.savepoint()
    try:
        cr.transaction = Transaction(env.registry)
        run_env = Environment(cr, env.uid, {})
        run_env["base.automation"].browse(rule.id).write({"ops_audit": audit, "last_run": False})
        cr.flush()
        run_env.invalidate_all()
        before = cr.sql_log_count
        cpu, wall = time.process_time(), time.perf_counter()
        run_env["base.automation"]._cron_process_time_based_actions()
        cr.flush()  # the audit rows are inserted just before commit
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        queries = cr.sql_log_count - before
        cr.execute("SELECT count(*) FROM base_automation_execution WHERE automation_id = %s", [rule.id])
        rows = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM crm_lead WHERE name LIKE 'Bench lead %%' AND color = 3")
        assert cr.fetchone()[0] == N_LEADS, "every lead updated"
    finally:
        savepoint.close(rollback=True)
    return cpu, wall, queries, rows


def main(env):
    Cron = type(env["ir.cron"])
    commit_progress = Cron._commit_progress
    Cron._commit_progress = lambda self, processed=0, *, remaining=None, deactivate=False: float("inf")
    try:
        _leads, rule = make_data(env)
        results = {"off": [], "all": []}
        run_once(env, rule, "off")  # warm-up (caches, compiled domain)
        for round_ in range(ROUNDS):
            # alternate the order: a machine getting busier penalises neither side
            for audit in ("off", "all") if round_ % 2 == 0 else ("all", "off"):
                results[audit].append(run_once(env, rule, audit))
    finally:
        Cron._commit_progress = commit_progress
        env.cr.rollback()
    # Medians of the rounds; CPU time of this process (the audit's cost is Python and two
    # queries) is steadier than wall time on a shared machine.
    plain_cpu, audit_cpu = (statistics.median(r[0] for r in results[side]) for side in ("off", "all"))
    plain_wall, audit_wall = (statistics.median(r[1] for r in results[side]) for side in ("off", "all"))
    (_c, _w, plain_q, off_rows), (_c2, _w2, audit_q, all_rows) = results["off"][0], results["all"][0]
    print(f"automation benchmark: {N_LEADS} records, time-based rule, Update record action, {ROUNDS} rounds (medians)")
    print(f"  plain base_automation (audit off): cpu {plain_cpu:6.2f} s  wall {plain_wall:6.2f} s  {plain_q} queries")
    print(f"  audit on (every evaluation):       cpu {audit_cpu:6.2f} s  wall {audit_wall:6.2f} s  {audit_q} queries")
    print(f"  audit rows: {off_rows} (off), {all_rows} (on)")
    print(f"  time ratio: cpu {audit_cpu / plain_cpu:.3f}, wall {audit_wall / plain_wall:.3f} (goal <= 1.10)")
    print(f"  extra queries per run: {audit_q - plain_q} (goal <= 2)")


main(env)  # noqa: F821 (given by odoo shell)
