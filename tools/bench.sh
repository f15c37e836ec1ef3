#!/usr/bin/env bash
# `make bench`: performance figures on a dedicated database (suite without demo data,
# created once, updated when addons/ changed). Each benchmark rolls its own data back.
#   OPS_BENCH="logistics rpa driver dispatch dashboard automation"   choose benchmarks (default: all of these)
# Benchmarks:
#   logistics  distance carrier vs Odoo's base_on_rule carrier on the same 1,000 quotations
#   rpa        monthly process creation, 5,000 clients x 3 operators (wall time, SQL queries)
#   driver     the /driver page: SQL queries and server time for 10/50/200 stops, 5,000 deliveries,
#              side by side with Odoo's /my/orders (200 orders of a portal customer) and the ratio
#   webhooks   (not in the default list: starts its own servers) signed Quo webhooks vs Odoo's
#              base_automation /web/hook/<uuid> on one --workers 2 server (req/s, ratio), then
#              events/s through queue_job with 2 workers (tools/bench_webhooks.py)
#   dispatch   route optimisation on the Solomon VRPTW instances (gap to the proven optimum, seconds,
#              naive dispatcher orders side by side), then the week board (20 drivers, 400 stops)
#   dashboard  the Operations dashboard (one load): SQL queries and median server time, empty and with
#              50,000 pickings, 100,000 sale order lines, 15,000 RPA processes, 50,000 messages, against
#              the equivalent plain read_group calls (OPS_BENCH_VERBOSE=1 lists the queries)
#   dashboard_weather (not in the default list: starts a server with 4 workers) 20 simultaneous
#              dashboard loads against a local fake NWS: grid look-ups and forecasts it received
#   automation a 1,000-record time-based automation rule with the execution audit on vs Odoo's plain
#              base_automation on the same data: time ratio and extra SQL queries per run
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db="${OPS_BENCH_DB:-opsuite_bench}"
benches="${OPS_BENCH:-logistics rpa driver dispatch dashboard automation}"
bash "$ROOT/tools/setup.sh"
pg_state="$(bash "$ROOT/tools/pg.sh" start)"
[ "$pg_state" = "started" ] && trap 'bash "$ROOT/tools/pg.sh" stop' EXIT
EXTERNAL_PG="$(external_pg && echo 1 || echo 0)"
export ROOT SUITE_ADDONS PG_SOCKET_DIR PG_PORT EXTERNAL_PG
stamp="$DEVDATA/bench-$db.stamp"
if [ "$("$VENV/bin/python" "$ROOT/tools/dbinfo.py" "$db" || true)" != "installed" ]; then
  say "Creating benchmark database $db (the suite, no demo data)"
  "$ROOT/tools/odoo.sh" -d "$db" -i "queue_job,$SUITE_ADDONS" --stop-after-init --no-http \
    --max-cron-threads 0 --log-level warn
  touch "$stamp"
elif [ -n "$(find "$ROOT/addons" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
  say "addons/ changed: updating the suite in $db"
  "$ROOT/tools/odoo.sh" -d "$db" -u "$SUITE_ADDONS" --stop-after-init --no-http \
    --max-cron-threads 0 --log-level warn
  touch "$stamp"
fi

shell_script() {
  "$ROOT/tools/odoo.sh" shell -d "$db" --log-level warn --no-http --max-cron-threads 0 <"$1"
}
for bench in $benches; do
  case "$bench" in
    logistics) say "Delivery pricing benchmark"; shell_script "$ROOT/tools/bench_logistics.py" ;;
    rpa) say "Monthly RPA process creation benchmark"; shell_script "$ROOT/addons/invoice_rpa/tests/bench_monthly.py" ;;
    driver) say "Driver page benchmark"; shell_script "$ROOT/addons/driver_portal/tests/bench_driver_page.py" ;;
    webhooks) say "Webhook load and job throughput benchmark"
      OPS_BENCH_DB="$db" "$VENV/bin/python" "$ROOT/tools/bench_webhooks.py" ;;
    dispatch) say "Route optimisation benchmark (Solomon VRPTW)"; "$VENV/bin/python" "$ROOT/tools/bench_dispatch.py"
      say "Dispatch board benchmark"; shell_script "$ROOT/addons/dispatch_board/tests/bench_board.py" ;;
    dashboard) say "Operations dashboard benchmark"; shell_script "$ROOT/tools/bench_dashboard.py" ;;
    dashboard_weather) say "Dashboard weather under 20 simultaneous loads"
      "$VENV/bin/python" "$ROOT/tools/bench_dashboard_weather.py" "$db" ;;
    automation) say "Automation audit benchmark"; shell_script "$ROOT/tools/bench_automation.py" ;;
    *) die "unknown benchmark '$bench' (logistics, rpa, driver, webhooks, dispatch, dashboard, dashboard_weather, automation)" ;;
  esac
done
