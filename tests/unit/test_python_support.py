"""The README promises Python 3.10-3.13: nothing newer than 3.10 in the suite's code.

A cheap guard run by ``make test`` on any Python: the ruff target (``py310``) keeps
pyupgrade from suggesting 3.11+ idioms, and the names below, which exist only from 3.11,
must not appear.
"""

import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted(p for folder in ("addons", "tests", "tools") for p in (ROOT / folder).rglob("*.py"))

# module -> names that appeared in Python 3.11 or later
TOO_NEW = {
    "datetime": {"UTC"},
    "enum": {"StrEnum", "ReprEnum", "verify", "member", "nonmember", "global_enum"},
    "typing": {"Self", "LiteralString", "Never", "assert_never", "assert_type", "reveal_type", "TypeVarTuple",
               "Unpack", "Required", "NotRequired", "dataclass_transform", "override", "TypeAliasType"},
    "asyncio": {"TaskGroup", "timeout", "Runner"},
    "hashlib": {"file_digest"},
    "operator": {"call"},
}
TOO_NEW_MODULES = {"tomllib", "wsgiref.types"}
TOO_NEW_BUILTINS = {"ExceptionGroup", "BaseExceptionGroup"}
TRY_STAR = getattr(ast, "TryStar", ())  # 3.11+: ``except*`` (3.10 cannot even parse it)


def offences(path):
    try:
        tree = ast.parse(path.read_text(), str(path))
    except SyntaxError as exc:  # run on 3.10: syntax of a later Python (``except*``...)
        return [(exc.lineno, f"syntax: {exc.msg}")]
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [(line, a.name) for a in node.names if a.name in TOO_NEW_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in TOO_NEW_MODULES:
                found.append((line, node.module))
            found += [(line, f"{node.module}.{a.name}") for a in node.names if a.name in TOO_NEW.get(node.module, ())]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.attr in TOO_NEW.get(node.value.id, ()):
                found.append((line, f"{node.value.id}.{node.attr}"))
        elif isinstance(node, ast.Name) and node.id in TOO_NEW_BUILTINS:
            found.append((line, node.id))
        elif isinstance(node, TRY_STAR):
            found.append((line, "except*"))
    return found


def test_no_python_311_only_api():
    this = pathlib.Path(__file__).resolve()
    bad = {str(p.relative_to(ROOT)): offences(p) for p in SOURCES if p != this}
    assert {path: hits for path, hits in bad.items() if hits} == {}


@pytest.mark.parametrize("source", ["import tomllib", "from datetime import UTC", "x = datetime.UTC",
                                    "try:\n    pass\nexcept* ValueError:\n    pass", "raise ExceptionGroup('', [])"])
def test_the_guard_sees_them(tmp_path, source):
    sample = tmp_path / "sample.py"
    sample.write_text(source + "\n")
    assert offences(sample)


def test_ruff_targets_python_310():
    assert re.search(r'^target-version\s*=\s*"py310"', (ROOT / "ruff.toml").read_text(), re.M)
