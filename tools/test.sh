#!/usr/bin/env bash
# `make test`: set-up, lint, Odoo's test runner on a throwaway database for every suite
# addon (with demo data), pytest for tests/, then one summary. Leaves nothing running.
# Exit status is non-zero on any failure, on an ERROR in Odoo's log, and when a browser
# test was skipped for want of a browser.
#   OPS_TEST_TAGS=/logistics_delivery   run only some Odoo tests (default: all suite addons)
#   OPS_SKIP_LINT=1                     skip ruff/pylint
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bash "$ROOT/tools/setup.sh"
# a configuration file of its own: a `make run` serving meanwhile rewrites .devdata/odoo.conf
export OPS_ODOO_CONF="$DEVDATA/odoo-test.conf"
logdir="$DEVDATA/test-logs"; mkdir -p "$logdir"
log="$logdir/odoo-$(date +%Y%m%d-%H%M%S).log"
db="opsuite_test_$$"
pg_state=""
odoo_rc=0 lint_rc=0 pytest_rc=0

cleanup() {
  if [ -n "$pg_state" ]; then
    "$ROOT/tools/odoo.sh" db drop "$db" >/dev/null 2>&1 || echo "warning: could not drop $db" >&2
    [ "$pg_state" = "started" ] && bash "$ROOT/tools/pg.sh" stop
  fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "pip check (Odoo's pins intact)"
pip_rc=0
"$VENV/bin/python" -m pip check || pip_rc=$?

if [ -z "${OPS_SKIP_LINT:-}" ]; then
  say "Lint (ruff, pylint-odoo)"
  bash "$ROOT/tools/lint.sh" || lint_rc=$?
fi

pg_state="$(bash "$ROOT/tools/pg.sh" start --fast)"
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tags="${OPS_TEST_TAGS:-$(echo "$SUITE_ADDONS" | sed 's/[^,]*/\/&/g')}"
say "Odoo tests on throwaway database $db (tags $tags); log: $log"
start=$(date +%s)
"$ROOT/tools/odoo.sh" -d "$db" -i "queue_job,$SUITE_ADDONS" --with-demo --test-enable --test-tags "$tags" \
  --stop-after-init --http-interface 127.0.0.1 --http-port "$(free_port)" --gevent-port "$(free_port)" \
  --max-cron-threads 0 --log-level info >"$log" 2>&1 || odoo_rc=$?
odoo_secs=$(( $(date +%s) - start ))

# Odoo's own summary line: "N failed, N error(s) of N tests when loading database 'db'"
result="$(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -1 || true)"
read -r o_failed o_errors o_run < <(echo "$result" | sed -E 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests/\1 \2 \3/' ; true)
o_failed=${o_failed:-0} o_errors=${o_errors:-0} o_run=${o_run:-0}
o_skipped=$(grep -c ' skipped ' "$log" || true)
browser_skips=$(grep -E ' skipped .*(websocket|[Cc]hrome|browser)' "$log" || true)
error_lines=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" || true)

problems=()
[ "$odoo_rc" -ne 0 ] && problems+=("odoo-bin exited with status $odoo_rc")
[ -z "$result" ] && problems+=("Odoo printed no test summary (install failed?)")
[ "$o_run" -eq 0 ] && problems+=("Odoo ran no test")
[ -n "$browser_skips" ] && problems+=("browser tests were skipped (no Chromium or websocket-client):
$browser_skips")
[ -n "$error_lines" ] && problems+=("ERROR/CRITICAL lines in Odoo's log:
$(echo "$error_lines" | head -20)")

say "pytest (tests/)"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider --odoo-config "$OPS_ODOO_CONF" --odoo-database "$db" \
  "$ROOT/tests" 2>&1 | tee "$logdir/pytest.log" || pytest_rc=${PIPESTATUS[0]}
p_passed=$(grep -Eo '[0-9]+ passed' "$logdir/pytest.log" | tail -1 | cut -d' ' -f1 || true)
p_failed=$(grep -Eo '[0-9]+ (failed|error)' "$logdir/pytest.log" | awk '{s+=$1} END {print s+0}' || true)
p_passed=${p_passed:-0}
[ "$pytest_rc" -ne 0 ] && problems+=("pytest exited with status $pytest_rc")
[ "$lint_rc" -ne 0 ] && problems+=("lint failed (see above)")
[ "$pip_rc" -ne 0 ] && problems+=("pip check found broken requirements (see above)")

o_bad=$((o_failed + o_errors))
o_passed=$((o_run - o_bad - o_skipped))
echo
echo "================================ summary ================================"
printf 'lint:   %s\n' "$([ -n "${OPS_SKIP_LINT:-}" ] && echo skipped || { [ "$lint_rc" -eq 0 ] && echo ok || echo FAILED; })"
printf 'odoo:   %s tests run, %s failed, %s errors, %s skipped (%ss; log %s)\n' "$o_run" "$o_failed" "$o_errors" "$o_skipped" "$odoo_secs" "$log"
printf 'pytest: %s passed, %s failed\n' "$p_passed" "$p_failed"
for p in "${problems[@]}"; do printf 'PROBLEM: %s\n' "$p"; done
total_failed=$((o_bad + p_failed + ${#problems[@]} * 0))
[ ${#problems[@]} -gt 0 ] && [ "$total_failed" -eq 0 ] && total_failed=1
echo "$((o_passed + p_passed)) passed, $total_failed failed"
[ ${#problems[@]} -eq 0 ] && [ "$total_failed" -eq 0 ]
