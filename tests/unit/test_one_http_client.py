"""One HTTP helper for the suite: no addon module sends a request with ``requests`` (or
urllib) itself; they call ``ops_base.tools.http.call`` and get its timeouts,
classification of retryable answers, ``Retry-After`` handling and scrubbing."""

import ast

# The helper itself. An SDK built on requests
# (googlemaps, boto3) is fine: it gets a session or a config, never sends by itself here.
ALLOWED = {
    "ops_base/tools/http.py",
}
SENDERS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen"}


def bare_calls(path):
    """``requests.<verb>(...)``, ``urllib.request.urlopen(...)`` and the like in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
        if name in ("requests", "request", "urllib3") and node.func.attr in SENDERS:
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_bare_requests_calls_in_the_addons(repo_root):
    addons = repo_root / "addons"
    offenders = []
    for path in sorted(addons.glob("*/**/*.py")):
        relative = path.relative_to(addons).as_posix()
        if "/tests/" in f"/{relative}" or relative in ALLOWED:
            continue
        offenders += [f"{relative.rsplit('/', 1)[0]}/{call}" for call in bare_calls(path)]
    assert not offenders, f"call out through ops_base.tools.http.call instead: {offenders}"


def test_the_guard_sees_a_bare_call(tmp_path):
    sample = tmp_path / "client.py"
    sample.write_text("import requests\n\ndef f(url):\n    return requests.get(url, timeout=5)\n")
    assert bare_calls(sample) == ["client.py:4"]
