#!/usr/bin/env bash
# `make run`: set-up, then Odoo 19 with the suite on database $OPS_DB (default "opsuite"),
# created with demo data on first run and updated when addons/ changed since the last run.
# Serves http://localhost:${OPS_HTTP_PORT:-8069} until Ctrl-C; stops the private
# PostgreSQL cluster on exit if it started it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db="${OPS_DB:-opsuite}"
port="${OPS_HTTP_PORT:-8069}"

bash "$ROOT/tools/setup.sh"
export OPS_DEV_MESSAGING_KEY=1  # see tools/odoo_conf.py
pg_state="$(bash "$ROOT/tools/pg.sh" start)"
[ "$pg_state" = "started" ] && trap 'bash "$ROOT/tools/pg.sh" stop' EXIT

stamp="$DEVDATA/run-$db.stamp"
EXTERNAL_PG="$(external_pg && echo 1 || echo 0)"
export ROOT SUITE_ADDONS PG_SOCKET_DIR PG_PORT EXTERNAL_PG
installed="$("$VENV/bin/python" "$ROOT/tools/dbinfo.py" "$db" || echo missing)"
if [ "$installed" != "installed" ]; then
  say "Creating database $db with the suite and demo data (first run: a few minutes)"
  "$ROOT/tools/odoo.sh" -d "$db" -i "queue_job,$SUITE_ADDONS" --with-demo --stop-after-init \
    --http-port "$port" --max-cron-threads 0 --log-level warn
  touch "$stamp"
elif [ -n "$(find "$ROOT/addons" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
  say "addons/ changed since the last run: updating the suite's modules in $db"
  "$ROOT/tools/odoo.sh" -d "$db" -u "$SUITE_ADDONS" --stop-after-init --http-port "$port" \
    --max-cron-threads 0 --log-level warn
  touch "$stamp"
fi

cat >&2 <<MSG

  Odoo 19 with the Operations suite:  http://localhost:$port/odoo   (database: $db)
  Login: admin   Password: admin      (Ctrl-C stops it)

MSG
"$ROOT/tools/odoo.sh" -d "$db" --db-filter "^$db\$" --http-port "$port" \
  --load base,web,queue_job "$@"
