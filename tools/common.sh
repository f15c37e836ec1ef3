# shellcheck shell=bash
# Shared settings for the project's tooling; sourced by the other tools/*.sh scripts.
# Every value can be overridden from the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
DEVDATA="${DEVDATA:-$ROOT/.devdata}"          # git-ignored: private PostgreSQL, filestore, logs
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}"
ODOO_CACHE_SRC="$CACHE_DIR/odoo-src/19.0"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
PYTHON="${PYTHON:-python3}"
# The private PostgreSQL cluster (used unless odoo.conf or PG* variables name a server).
PG_DATA="$DEVDATA/pg/data"
PG_SOCKET_DIR="$DEVDATA/pg/socket"
PG_PORT="${OPS_PG_PORT:-54329}"
PG_SYSTEM_USER="${OPS_PG_SYSTEM_USER:-opsuite}"   # runs the cluster when we are root
# The suite is the addons/ folder: every addons/*/__manifest__.py, nothing else to keep in
# step (docker-compose.yml and the README's table are checked against it by tests/).
SUITE_ADDONS="$(for manifest in "$ROOT"/addons/*/__manifest__.py; do
  if [ -f "$manifest" ]; then basename "$(dirname "$manifest")"; fi; done | paste -sd, -)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

odoo_usable() { [ -f "$1/odoo-bin" ] && grep -q "version_info = (19, 0" "$1/odoo/release.py" 2>/dev/null; }

# Print the Odoo 19.0 source directory: $ODOO_SRC, else the cache. Does not clone.
odoo_src() {
  if [ -n "${ODOO_SRC:-}" ]; then
    odoo_usable "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC does not hold Odoo 19.0 (no odoo-bin or wrong odoo/release.py)."
    echo "$ODOO_SRC"
  elif odoo_usable "$ODOO_CACHE_SRC"; then
    echo "$ODOO_CACHE_SRC"
  else
    return 1
  fi
}

# True when the user points us at a PostgreSQL server of their own.
external_pg() {
  [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ] && return 0
  # odoo.conf lines such as `db_host = False` or `db_port =` mean "not set".
  [ -f "$ROOT/odoo.conf" ] && grep -Ev '=\s*(False)?\s*$' "$ROOT/odoo.conf" | grep -Eq '^\s*db_(host|port|user)\s*='
}

# Site-packages folder of the venv, where pip-packaged Odoo addons (queue_job) land.
venv_addons_dir() { "$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' | sed 's|$|/odoo/addons|'; }

addons_path() { local src; src="$(odoo_src)"; echo "$ROOT/addons,$src/addons,$src/odoo/addons,$(venv_addons_dir)"; }
