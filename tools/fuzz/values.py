"""Hypothesis strategies for hostile values: JSON documents, texts, numbers, form fields.

The vocabulary of field names is read from the suite's own code (the string constants of
``addons/*/{controllers,models,tools}``), so generated documents carry the keys the
parsers look for (``data.object.id``, ``job_id``, ``recipient_name``...) next to garbage.
"""

import ast
import json
import pathlib
import re

from hypothesis import strategies as st

WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")

SPECIAL_TEXTS = [
    "", " ", "\x00", "a\x00b", "\u202egnp.exe", "\u200f\u05e9\u05dc\u05d5\u05dd", "\ufeff", "\ud800", "\udfff",
    "\U0001f600" * 3, "NaN", "nan", "Infinity", "-Infinity", "1e999", "-0", "0x10", "1_000", "٣", "²", "None",
    "null", "true", "../../etc/passwd", "%00", "%ff", "<script>alert(1)</script>", "' OR 1=1--", "{{7*7}}",
    "${jndi:ldap://127.0.0.1/x}", "http://169.254.169.254/", "file:///etc/passwd", "\r\nX-Injected: 1",
    "2026-02-30", "9999-12-31", "0000-00-00", "1970-01-01T00:00:00Z", "+5511999999999", "not-an-email@",
]
BOUNDARY_NUMBERS = [0, -1, 1, 2**31 - 1, 2**31, -(2**31) - 1, 2**53 + 1, 2**63, -(2**63) - 1, 10**30, -(10**30)]
BOUNDARY_FLOATS = [0.0, -0.0, 1e308, -1e308, 5e-324, float("nan"), float("inf"), float("-inf"), 90.0000001, -180.5]


def vocabulary(addon_dir):
    """Short identifier-like string constants of an addon's non-test Python code, and
    the argument names of its controllers (form fields such as ``reason_id``)."""
    words = set()
    for path in sorted(pathlib.Path(addon_dir).glob("*/*.py")):
        if path.parent.name not in ("controllers", "models", "tools"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arg) and path.parent.name == "controllers" and node.arg != "self":
                words.add(node.arg)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 40:
                if WORD.match(node.value):
                    words.add(node.value)
    return sorted(words)


_PLAIN = st.text(max_size=30)
_ANY_CHAR = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)  # surrogates included
_SPECIAL = st.sampled_from(SPECIAL_TEXTS)
_HUGE = st.integers(1_000, 50_000).map(lambda n: "\u00e9" * n)  # bodies above the caps: generate.py


def texts(huge=True):
    """Texts: mostly short and hostile; with ``huge``, one in ten is huge."""
    short = (_PLAIN, _PLAIN, _PLAIN, _ANY_CHAR, _ANY_CHAR, _SPECIAL, _SPECIAL, _SPECIAL, _SPECIAL)
    return st.one_of(*short, _HUGE) if huge else st.one_of(*short)


def numbers():
    return st.one_of(
        st.integers(), st.sampled_from(BOUNDARY_NUMBERS), st.floats(), st.sampled_from(BOUNDARY_FLOATS),
        st.integers(300, 4_299).map(lambda n: int("9" * n)),  # Python refuses more digits
    )


def scalars(words):
    return st.one_of(st.none(), st.booleans(), numbers(), texts(), st.sampled_from(words))


def json_values(words):
    keys = st.one_of(st.sampled_from(words), texts())
    return st.recursive(
        scalars(words),
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
        max_leaves=25,
    )


@st.composite
def shaped_documents(draw, words):
    """A JSON object whose dotted vocabulary paths (``data.object.id``) are nested dicts."""
    document = {}
    for path in draw(st.lists(st.sampled_from(words), min_size=1, max_size=8)):
        node, parts = document, path.split(".")
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[parts[-1]] = draw(st.one_of(st.sampled_from(words), json_values(words)))
    return document


def _leaves(document, path=()):
    """Paths of the leaves (and of the empty containers) of a JSON document."""
    items = document.items() if isinstance(document, dict) else enumerate(document) \
        if isinstance(document, list) else ()
    paths = [leaf for key, value in items for leaf in _leaves(value, (*path, key))]
    return paths or [path]


def _parent(document, path):
    """The container holding ``path``'s last key, or None when an earlier mutation removed it."""
    node = document
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    holds = (isinstance(node, dict) and path[-1] in node) or (isinstance(node, list) and path[-1] < len(node))
    return node if holds else None


@st.composite
def mutated_documents(draw, seeds, words):
    """One of the addon's example documents with 1-4 leaves replaced by hostile values,
    or removed."""
    document = json.loads(json.dumps(draw(st.sampled_from(seeds))))
    leaves = [leaf for leaf in _leaves(document) if leaf]
    for path in draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=4)) if leaves else ():
        node = _parent(document, path)
        if node is None:
            continue
        if draw(st.integers(0, 4)):
            node[path[-1]] = draw(json_values(words))
        elif isinstance(node, dict):
            del node[path[-1]]
    return document


def _dumps(value, ascii_only):
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def json_bodies(draw, words, seeds=()):
    """Bytes of a JSON body: a mutated example, well-formed, boundary or broken."""
    kinds = ["shaped", "shaped", "random", "duplicate", "deep", "broken", "encoding"]
    kind = draw(st.sampled_from(kinds + ["mutated"] * 5 if seeds else kinds))
    if kind == "mutated":
        return _dumps(draw(mutated_documents(seeds, words)), draw(st.booleans()))
    if kind in ("shaped", "random"):
        value = draw(shaped_documents(words) if kind == "shaped" else json_values(words))
        return _dumps(value, draw(st.booleans()))
    if kind == "duplicate":
        key = draw(st.sampled_from(words))
        first, second = (_dumps(draw(json_values(words)), True).decode() for _ in range(2))
        return f'{{"{key}": {first}, "{key}": {second}}}'.encode()
    if kind == "deep":
        depth = draw(st.sampled_from([64, 500, 1_000, 5_000, 100_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return (opener * depth + "1" + closer * depth).encode()
    if kind == "broken":
        return draw(st.sampled_from([
            b"", b"null", b"[]", b"1", b'"x"', b"{", b'{"a":}', b"{'a': 1}", b'{"a": NaN}', b'{"a": 1e999}',
            b"\xff\xfe\x00", b"\xef\xbb\xbf{}", b'{"a": "\\ud800"}', b"1" * 5_000, b'{"a":1}garbage',
        ]))
    text = _dumps(draw(shaped_documents(words)), False).decode("utf-8", "surrogatepass")
    codec = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252"]))
    return text.encode(codec, "replace")


@st.composite
def form_fields(draw, words):
    """Form fields: vocabulary names (and ``qty_<id>`` lines) with hostile values."""
    names = st.one_of(st.sampled_from(words), texts(), st.integers(-5, 10**6).map(lambda n: f"qty_{n}"))
    values = st.one_of(texts(), numbers().map(str), st.sampled_from(["1", "0", "on", "cash", "card", "pix"]))
    return draw(st.lists(st.tuples(names, values), max_size=12))
