"""Benchmark: monthly process creation for 5,000 clients x 3 operators (not a test).

Run with:  bash tools/odoo.sh shell -d <db> < addons/invoice_rpa/tests/bench_monthly.py
Creates its own operators, clients and accounts, runs ``rpa.process._create_monthly`` twice
for a month nobody uses, prints wall time and SQL query counts, then rolls everything back
(nothing is committed). Set BENCH_CLIENTS / BENCH_OPERATORS to change the size.
"""

# pylint: disable=print-used
# (a script run by "odoo shell": its report goes to stdout)
import datetime
import os
import time

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "5000"))
OPERATORS = int(os.environ.get("BENCH_OPERATORS", "3"))
PERIOD = datetime.date(2099, 1, 1)  # no real process can exist that far ahead


def measure(env, label, func):
    """Run ``func`` with everything flushed; return (result, seconds, queries)."""
    env.flush_all()
    cr = env.cr
    before, start = cr.sql_log_count, time.perf_counter()
    result = func()
    env.flush_all()  # stored computed fields and pending writes count too
    seconds, queries = time.perf_counter() - start, cr.sql_log_count - before
    print(f"{label:<42} {seconds:8.2f} s {queries:8d} queries")
    return result, seconds, queries


def setup(env):
    # only the benchmark's clients are RPA clients during the run (rolled back anyway)
    env["res.partner"].search([("is_rpa_client", "=", True)]).write({"is_rpa_client": False})
    operators = env["rpa.operator"].create([
        {"name": f"Bench Operator {index}", "code": f"BENCH{index}"} for index in range(OPERATORS)
    ])
    partners = env["res.partner"].with_context(tracking_disable=True).create([
        {"name": f"Bench Client {index:05d}", "is_rpa_client": True, "is_company": True}
        for index in range(CLIENTS)
    ])
    env["rpa.client.account"].create([
        {"partner_id": partner.id, "operator_id": operator.id, "account_number": f"B-{partner.id}-{operator.id}"}
        for partner in partners for operator in operators
    ])
    env.flush_all()
    # In production the clients exist long before the 1st of the month and PostgreSQL
    # has statistics on them; without this, the planner believes the 5,000 clients just
    # inserted are 3 and picks a nested loop (seconds instead of milliseconds).
    # ANALYZE is transactional: its statistics are rolled back with the data.
    env.cr.execute("ANALYZE res_partner, rpa_operator, rpa_client_account, rpa_process")
    return operators


def main(env):
    print(f"Monthly creation benchmark: {CLIENTS} clients x {OPERATORS} operators, period {PERIOD}")
    Process = env["rpa.process"]
    measure(env, "setup (clients and accounts, not timed)", lambda: setup(env))
    created, seconds, queries = measure(env, "first run (creates)", lambda: Process._create_monthly(PERIOD))
    expected = CLIENTS * OPERATORS
    print(f"  created {len(created)} processes (expected {expected}); "
          f"{queries / max(len(created), 1):.4f} queries and {1000 * seconds / max(len(created), 1):.3f} ms "
          f"per process")
    assert len(created) == expected, "first run must create one process per client x operator"
    again, _seconds, _queries = measure(env, "second run (idempotent)", lambda: Process._create_monthly(PERIOD))
    print(f"  created {len(again)} processes (expected 0)")
    assert not again, "second run must create nothing"
    total = Process.search_count([("period", "=", PERIOD)])
    print(f"  processes for {PERIOD:%Y-%m}: {total}")


try:
    main(env)  # noqa: F821 (``env`` is given by ``odoo shell``)
finally:
    env.cr.rollback()  # noqa: F821
    print("rolled back: nothing was kept")
