#!/usr/bin/env bash
# `make bench`: performance figures on a dedicated database (created once, reused):
# the distance carrier vs Odoo's base_on_rule carrier on the same 1,000 quotations.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db="${OPS_BENCH_DB:-opsuite_bench}"
bash "$ROOT/tools/setup.sh"
pg_state="$(bash "$ROOT/tools/pg.sh" start)"
[ "$pg_state" = "started" ] && trap 'bash "$ROOT/tools/pg.sh" stop' EXIT
EXTERNAL_PG="$(external_pg && echo 1 || echo 0)"
export ROOT SUITE_ADDONS="logistics_delivery" PG_SOCKET_DIR PG_PORT EXTERNAL_PG
if [ "$("$VENV/bin/python" "$ROOT/tools/dbinfo.py" "$db")" != "installed" ]; then
  say "Creating benchmark database $db (no demo data)"
  "$ROOT/tools/odoo.sh" -d "$db" -i logistics_delivery --stop-after-init --log-level warn
fi
say "Delivery pricing benchmark"
"$ROOT/tools/odoo.sh" shell -d "$db" --log-level warn --no-http < "$ROOT/tools/bench_logistics.py"
