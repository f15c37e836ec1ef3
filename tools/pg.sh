#!/usr/bin/env bash
# The project's private PostgreSQL cluster, used when neither odoo.conf nor PG* variables
# name a server of the user's own.
#   tools/pg.sh start [--fast]   initdb on first use, then start (idempotent); --fast turns
#                                off fsync for throwaway test databases
#   tools/pg.sh stop | status
# As root, the cluster runs as the unprivileged system user $PG_SYSTEM_USER (PostgreSQL
# refuses to run as root). Sockets only: no TCP port is opened.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  die "PostgreSQL server binaries not found; run tools/setup.sh (installs Debian's postgresql)."
}

as_owner() {
  if is_root; then runuser -u "$PG_SYSTEM_USER" -- "$@"; else "$@"; fi
}

prepare() {
  mkdir -p "$DEVDATA"
  if is_root; then
    id "$PG_SYSTEM_USER" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_SYSTEM_USER"
    if ! runuser -u "$PG_SYSTEM_USER" -- test -x "$DEVDATA"; then
      die "$PG_SYSTEM_USER cannot reach $DEVDATA (a parent folder is private). Set DEVDATA to a folder it can reach, or point odoo.conf at a PostgreSQL server."
    fi
  fi
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  chmod 700 "$PG_DATA"
  is_root && chown -R "$PG_SYSTEM_USER" "$DEVDATA/pg"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "Creating the private PostgreSQL cluster in $PG_DATA"
    as_owner "$(pg_bin)/initdb" -D "$PG_DATA" -U odoo --auth=trust -E UTF8 --locale=C >"$DEVDATA/pg/initdb.log" 2>&1 ||
      { cat "$DEVDATA/pg/initdb.log" >&2; die "initdb failed"; }
  fi
}

running() { as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

start() {
  external_pg && { echo "external"; return; }
  prepare
  if running; then echo "already-running"; return; fi
  local opts="-k $PG_SOCKET_DIR -p $PG_PORT -c listen_addresses='' -c max_connections=200"
  [ "${1:-}" = "--fast" ] && opts="$opts -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -l "$DEVDATA/pg/server.log" -w -t 60 -o "$opts" start >/dev/null ||
    { tail -20 "$DEVDATA/pg/server.log" >&2; die "PostgreSQL did not start (log: $DEVDATA/pg/server.log)"; }
  echo "started"
}

stop() {
  external_pg && return
  [ -f "$PG_DATA/PG_VERSION" ] && running && as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  return 0
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) if external_pg; then echo "external server (odoo.conf / PG* variables)"; elif [ -f "$PG_DATA/PG_VERSION" ] && running; then echo "running: socket $PG_SOCKET_DIR port $PG_PORT user odoo"; else echo "stopped"; fi ;;
  *) die "usage: tools/pg.sh start [--fast] | stop | status" ;;
esac
