#!/usr/bin/env bash
# `make fuzz`: hostile HTTP requests against every public/portal route of the suite, on a
# throwaway database with the suite and demo data, served by Odoo with workers on 127.0.0.1.
#   OPS_FUZZ_DB=name        use (and keep) this database instead of a throwaway one
#   OPS_FUZZ_KEEP=1         keep the throwaway database
#   OPS_FUZZ_REQUESTS=N     requests to send (default 10000)
#   OPS_FUZZ_SECONDS=S      stop sending after S seconds (default 900)
#   OPS_FUZZ_SEED=N         Hypothesis seed (default 20261130; printed at the start)
#   OPS_FUZZ_PORT=P         HTTP port (default: a free one; the gevent port is P+1)
#   OPS_FUZZ_WORKERS=N      Odoo HTTP workers (default 2)
#   OPS_FUZZ_STRICT=1       also fail on 500s/tracebacks of Odoo's own /my pages (fuzzed as
#                           portal users reach them; by default reported, not failing)
# Extra arguments go to `python -m fuzz` (e.g. --replay FILE, --concurrency 8).
# Exit status 1 when a suite route answered 500 or the log has a traceback of the suite.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/tools/setup.sh"
export OPS_DEV_MESSAGING_KEY=1  # as `make run`: the channel secrets are encrypted
pg_state="$(bash "$ROOT/tools/pg.sh" start)"
EXTERNAL_PG="$(external_pg && echo 1 || echo 0)"
export ROOT SUITE_ADDONS PG_SOCKET_DIR PG_PORT EXTERNAL_PG
out="$DEVDATA/fuzz"
mkdir -p "$out"
db="${OPS_FUZZ_DB:-opsuite_fuzz_$$}"
keep="${OPS_FUZZ_KEEP:-${OPS_FUZZ_DB:+1}}"
port="${OPS_FUZZ_PORT:-$("$VENV/bin/python" -c 'import socket
for p in range(8700, 9700, 2):
    s = [socket.socket(), socket.socket()]
    try:
        s[0].bind(("127.0.0.1", p)); s[1].bind(("127.0.0.1", p + 1)); print(p); break
    except OSError: pass')}"
log="$out/server-$db.log"
server=""

cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; fi
  if [ -z "$keep" ]; then
    say "Dropping $db"
    "$ROOT/tools/odoo.sh" db drop "$db" >/dev/null 2>&1 || say "could not drop $db"
  fi
  if [ "$pg_state" = "started" ]; then bash "$ROOT/tools/pg.sh" stop; fi
}
trap cleanup EXIT

if [ "$("$VENV/bin/python" "$ROOT/tools/dbinfo.py" "$db" || true)" != "installed" ]; then
  say "Creating $db (the suite and demo data: a few minutes)"
  "$ROOT/tools/odoo.sh" -d "$db" -i "queue_job,$SUITE_ADDONS" --with-demo --stop-after-init --no-http \
    --max-cron-threads 0 --log-level warn
fi
say "Discovering the routes and setting up credentials in $db"
FUZZ_OUT="$out/fixtures-$db.json" "$ROOT/tools/odoo.sh" shell -d "$db" --no-http --max-cron-threads 0 \
  --log-level warn <"$ROOT/tools/fuzz/prepare.py"

# without queue_job's runner (not in --load): the jobs the requests enqueue (a robot file
# to fetch from a fuzzed URL...) stay pending, so the server makes no outside call
say "Starting Odoo on 127.0.0.1:$port with ${OPS_FUZZ_WORKERS:-2} workers (log: $log)"
: >"$log"
"$ROOT/tools/odoo.sh" -d "$db" --db-filter "^$db\$" --http-interface 127.0.0.1 --http-port "$port" \
  --gevent-port "$((port + 1))" --workers "${OPS_FUZZ_WORKERS:-2}" --max-cron-threads 0 \
  --load base,web --logfile "$log" &
server=$!
for _ in $(seq 120); do
  curl -s -o /dev/null "http://127.0.0.1:$port/web/health" && break
  kill -0 "$server" 2>/dev/null || die "Odoo did not start: see $log"
  sleep 1
done

rc=0
PYTHONPATH="$ROOT/tools" "$VENV/bin/python" -u -m fuzz --port "$port" --server-pid "$server" \
  --fixtures "$out/fixtures-$db.json" --log "$log" --samples "$out/500-$db.json" \
  --requests "${OPS_FUZZ_REQUESTS:-10000}" --seconds "${OPS_FUZZ_SECONDS:-900}" \
  --seed "${OPS_FUZZ_SEED:-20261130}" ${OPS_FUZZ_STRICT:+--strict} "$@" || rc=$?
exit $rc
