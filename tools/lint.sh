#!/usr/bin/env bash
# `make lint`: ruff over addons/, tests/ and tools/; pylint-odoo (the subset in .pylintrc) over addons/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ -x "$VENV/bin/ruff" ] || bash "$ROOT/tools/setup.sh"
rc=0
"$VENV/bin/ruff" check "$ROOT/addons" "$ROOT/tests" "$ROOT/tools" || rc=1
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ROOT"/addons/* || rc=1
exit $rc
