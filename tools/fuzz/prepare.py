"""Run inside ``odoo shell`` (``env`` is given) by tools/fuzz.sh: discover the routes to
fuzz from the loaded controllers and set up what the fuzzer needs to get past each
route's authentication. Writes one JSON file (path in ``$FUZZ_OUT``).

Routes come from Odoo's own routing (``ir.http._generate_routing_rules``, what the server
will serve, after controller inheritance), not from a list or a parse of the sources:
a route is in scope when a suite addon defines or overrides its endpoint and its auth is
``public``/``none``/``user``, or when it is a ``/my`` portal page of a controller that a
suite addon extends (the portal home of a driver is built by the suite).

Fixtures: random secrets for the health token, the RPA callback token and every
webhook channel (written through the models, so they are stored as in production),
passwords of the demo portal users, and record ids per role (the driver's own stops,
another driver's, RPA processes, in-flight API job ids).
"""
# ruff: noqa: F821  (env is injected by odoo shell)
import base64
import importlib
import inspect
import json
import os
import re
import secrets

SUITE = os.environ["SUITE_ADDONS"].split(",")
USERS = {"driver1": "driver1", "driver2": "driver2", "portal": "portal"}


def suite_module(obj):
    parts = getattr(obj, "__module__", "").split(".")
    return parts[2] if parts[:2] == ["odoo", "addons"] and len(parts) > 2 and parts[2] in SUITE else None


def owner(endpoint, url):
    """``(addon, defined)``: the suite addon that defines (``defined``) or extends the
    endpoint of ``url``, or ``(None, False)`` when out of scope."""
    method = endpoint.func if hasattr(endpoint, "func") else endpoint
    name = method.__name__
    defined_by = [suite_module(cls) for cls in type(method.__self__).mro() if name in cls.__dict__]
    defined_by = [mod for mod in defined_by if mod]
    if defined_by:
        return defined_by[0], True
    extended = [suite_module(cls) for cls in type(method.__self__).mro() if suite_module(cls)]
    if extended and (url == "/my" or url.startswith("/my/")):
        return extended[0], False
    return None, False


def body_cap(endpoint):
    """The body cap the endpoint's module declares, if any (``*MAX_BODY_BYTES``)."""
    module = importlib.import_module(endpoint.__module__)
    for attr in ("MAX_BODY_BYTES", "DEFAULT_MAX_BODY_BYTES"):
        if isinstance(getattr(module, attr, None), int):
            return getattr(module, attr)
    return None


def discover():
    installed = sorted(env.registry._init_modules)
    converters = env["ir.http"]._get_converters()
    routes = []
    for url, endpoint in env["ir.http"]._generate_routing_rules(installed, converters=converters):
        routing = endpoint.routing
        addon, defined = owner(endpoint, url)
        if not addon or routing["auth"] not in ("public", "none", "user"):
            continue
        routes.append({
            "url": url, "addon": addon, "defined": defined, "auth": routing["auth"], "type": routing["type"],
            "methods": routing.get("methods") or ["GET", "POST"],
            "csrf": routing.get("csrf", True), "cap": body_cap(endpoint),
            "params": re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", url),
        })
    return sorted(routes, key=lambda r: r["url"])


def seed_documents():
    """Example events the addons' tests build (``*_event()`` functions of ``tests/common.py``
    callable without arguments), per addon: the fuzzer mutates them so that signed
    deliveries get past the parsers' required fields."""
    seeds = {}
    for addon in SUITE:
        try:
            module = importlib.import_module(f"odoo.addons.{addon}.tests.common")
        except ImportError:
            continue
        for name, func in vars(module).items():
            if not (name.endswith("_event") and inspect.isfunction(func) and func.__module__ == module.__name__):
                continue
            params = inspect.signature(func).parameters.values()
            if all(p.default is not p.empty or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) for p in params):
                document = func()
                if isinstance(document, dict):
                    seeds.setdefault(addon, []).append({"name": name, "document": document})
    return seeds


def fixtures():
    users = env["res.users"].with_context(active_test=False)
    for login, password in USERS.items():
        users.search([("login", "=", login)]).write({"password": password, "active": True})
    driver1 = users.search([("login", "=", "driver1")])
    driver1.driver_tracking_consent = True
    pickings = env["stock.picking"]
    data = {
        "passwords": USERS,
        "health_token": secrets.token_urlsafe(24),
        "callback_token": secrets.token_urlsafe(24),
        "own_stops": pickings.search([("driver_id", "=", driver1.id)]).ids,
        "other_stops": pickings.search([("driver_id", "not in", (False, driver1.id))]).ids
        + pickings.search([("driver_id", "=", False)], limit=5).ids,
        "processes": env["rpa.process"].search([], limit=10).ids,
        "job_ids": env["rpa.execution"].search([("job_id", "!=", False)], limit=10).mapped("job_id"),
        "channels": [],
    }
    # robot jobs in flight, for the callbacks to report on
    for index, process in enumerate(env["rpa.process"].search([], limit=3)):
        job_id = f"fuzz-job-{index}"
        env["rpa.execution"].create({"process_id": process.id, "runner": "api", "status": "running",
                                     "job_id": job_id})
        data["job_ids"].append(job_id)
    data["job_ids"] = sorted(set(data["job_ids"]))
    params = env["ir.config_parameter"].sudo()
    params.set_param("crm_messaging.health_token", data["health_token"])
    env["rpa.settings.secret"]._set_secret("callback_token", data["callback_token"])  # the encrypted box
    for channel in env["messaging.channel"].search([]):
        secret = base64.b64encode(secrets.token_bytes(32)).decode()
        channel.webhook_secret = secret
        data["channels"].append({"id": channel.id, "type": channel.channel_type, "secret": secret})
    return data


result = {"routes": discover(), "seeds": seed_documents(), **fixtures()}
env.cr.commit()
with open(os.environ["FUZZ_OUT"], "w", encoding="utf-8") as handle:
    json.dump(result, handle, indent=1)
print(f"fuzz: {len(result['routes'])} routes discovered")
