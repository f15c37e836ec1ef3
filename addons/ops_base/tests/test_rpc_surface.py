"""The suite's RPC surface, reviewed.

Every public method of a model is reachable through ``/web/dataset/call_kw`` by any user
with a session, portal users included. This test lists, per model, the public methods the
suite's addons define or override (walking the model class MRO: a class of
``odoo.addons.<suite addon>``), using Odoo's own rule for what call_kw accepts
(``odoo.service.model.get_public_method``: no leading ``_``, no ``@api.private``), and
compares them with :data:`RPC_SURFACE`. A new public method makes it fail: make it private,
or add it here after checking who may call it and what it does for them.

Then, over real HTTP as a portal user and as an employee without any suite group, every
listed method of a model they have no access to (abstract models count as no access: no
access rights protect them) must answer AccessError.
"""

import inspect
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.service.model import get_public_method
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

# The suite: the addons next to ops_base.
SUITE = sorted(p.parent.name for p in Path(get_module_path("ops_base")).parent.glob("*/__manifest__.py"))

# The reviewed RPC surface: model -> sorted public methods defined or overridden by the suite.
# Models where the suite adds no public method are not listed. Each entry was reviewed:
# view buttons check their group/record rights, create/write overrides guard their fields,
# driver.position.latest_positions reads with the caller's rights.
RPC_SURFACE = {
    "ai.conversation": ["action_release"],
    "ai.rule": ["create", "write"],
    "account.move": ["action_register_payment"],
    "base.automation": ["action_ops_test", "action_ops_view_executions", "create", "write"],
    "choose.delivery.carrier": ["button_confirm"],
    "dispatch.board": ["load_board", "notify_customers", "optimise_day", "plan_day", "save_lanes"],
    "dispatch.mrp.board": ["load_board", "move_orders"],
    "dispatch.plan": ["action_apply"],
    "driver.position": ["create", "latest_positions"],
    "freight.cte": ["action_approve", "action_dispute", "action_recompute", "action_reset", "action_resolve",
                    "create", "write"],
    "freight.cte.import": ["action_import"],
    "freight.cte.inbox": ["message_new"],
    "messaging.channel": ["action_reset_circuit", "action_test_connection"],
    "messaging.composer": ["action_send", "default_get"],
    "messaging.inbox": ["action_retry"],
    "messaging.message": ["create"],
    "messaging.outbound": ["action_retry"],
    "ops.dashboard": ["get_sections"],
    "res.config.settings": ["action_invoice_rpa_test_s3", "action_messaging_generate_health_token"],
    "res.partner": ["action_logistics_geocode", "write"],
    "retail.booking": [
        "action_cancel", "action_confirm", "action_refuse", "action_request", "action_reset_draft", "create", "write",
    ],
    "retail.portal.account": ["action_forget_session"],
    "rpa.execution": ["action_run_again"],
    "rpa.operator": ["create", "write"],
    "rpa.process": [
        "action_approve", "action_download_invoice", "action_reject", "action_rerun", "action_run_download",
        "action_send_sat", "action_upload_invoice", "action_view_executions", "create", "write",
    ],
    "rpa.process.reject": ["action_confirm"],
    "rpa.process.upload": ["action_confirm"],
    "rpa.schedule": ["action_run_now", "create", "write"],
    "sale.order": ["action_logistics_recompute_distance", "action_open_delivery_wizard", "set_delivery_line"],
    "stock.picking": ["action_retail_booking_create", "write"],
}

# Placeholder arguments by parameter name, for the denial calls (the access check comes first).
SAMPLE_ARGS = {"vals": {}, "vals_list": [{}], "fields_list": [], "fields": []}
NO_SUCH_ID = 2_000_000_000


def _suite_class(klass):
    parts = (getattr(klass, "__module__", "") or "").split(".")
    return len(parts) > 2 and parts[:2] == ["odoo", "addons"] and parts[2] in SUITE


def rpc_surface(env):
    """model -> sorted names of the RPC-callable methods the suite defines on it."""
    surface = {}
    for model_name in env.registry:
        model = env[model_name]
        names = {name for klass in type(model).mro() if _suite_class(klass)
                 for name, value in vars(klass).items() if callable(value) and name not in model._fields}
        public = sorted(name for name in names if _rpc_callable(model, name))
        if public:
            surface[model_name] = public
    return surface


def _rpc_callable(model, name):
    try:
        get_public_method(model, name)
    except (AccessError, AttributeError):
        return False
    return True


@tagged("post_install", "-at_install")
class TestRpcSurface(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="surface_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="surface_employee", groups="base.group_user")

    def test_whole_suite_installed(self):
        """The surface below is the suite's: every addon of it must be loaded to check it."""
        installed = self.env["ir.module.module"].search([("name", "in", SUITE), ("state", "=", "installed")])
        self.assertEqual(sorted(installed.mapped("name")), SUITE)
        self.assertIn("logistics_delivery", SUITE, "the suite is found next to ops_base")

    def test_public_methods_are_the_reviewed_ones(self):
        self.maxDiff = None
        self.assertEqual(rpc_surface(self.env), RPC_SURFACE)

    def test_suite_users_have_no_suite_group(self):
        for user in (self.portal, self.employee):
            suite_groups = user.all_group_ids.filtered(
                lambda g: g.get_external_id()[g.id].split(".")[0] in SUITE)
            self.assertFalse(suite_groups, user.login)

    def any_record(self, model):
        """A real record of ``model`` (made up from required fields when there is none, e.g.
        a wizard), so that record methods are refused for want of access, not of a record."""
        model = model.sudo()
        if model._abstract:
            return model
        record = model.search([], limit=1)
        if record:
            return record
        vals = {}
        for name, field in model._fields.items():
            if not field.required or field.compute or field.related or field.default:
                continue
            if field.type == "many2one":
                vals[name] = self.any_record(self.env[field.comodel_name]).id
            elif field.type == "selection":
                vals[name] = field.get_values(self.env)[0]
            else:
                vals[name] = "x" if field.type in ("char", "text") else 1
        try:
            with self.env.cr.savepoint():
                record = model.create(vals)
                record.env.flush_all()
        except Exception:  # a model we cannot make up: called on a missing id
            return model.browse()
        return record

    def call(self, model_name, method_name):
        """call_kw over HTTP with placeholder arguments; the JSON-RPC error name, or None."""
        model = self.env[model_name]
        method = getattr(type(model), method_name)
        params = list(inspect.signature(method).parameters.values())[1:]
        args = [SAMPLE_ARGS.get(p.name) for p in params
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if not getattr(method, "_api_model", False):
            args = [self.any_record(model).ids or [NO_SUCH_ID], *args]
        try:
            with mute_logger("odoo.http"):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model_name}/{method_name}", {
                    "model": model_name, "method": method_name, "args": args, "kwargs": {}})
        except JsonRpcException as exc:
            return exc.args[0]
        return None

    def test_denied_on_models_without_access(self):
        checked = 0
        for user in (self.portal, self.employee):
            self.authenticate(user.login, user.login)
            for model_name, methods in RPC_SURFACE.items():
                model = self.env[model_name].with_user(user)
                if not model._abstract and model.has_access("read"):
                    continue
                for method_name in methods:
                    with self.subTest(user=user.login, model=model_name, method=method_name):
                        answer = self.call(model_name, method_name)
                        self.assertEqual(answer, "odoo.exceptions.AccessError")
                    checked += 1
        self.assertGreater(checked, 0)
