"""Secrets of the Settings are stored only encrypted, write-only, for administrators
(issue 10, item 11), and the 19.0.1.1.0 migration moves the plain ones into the box."""

import importlib.util
from pathlib import Path

from odoo.tests import new_test_user, tagged

from ..models.rpa_settings_secret import SECRETS
from .test_rpa_access import RpaRpcCase

VALUES = {
    "invoice_rpa_s3_secret_key": "s3-secret-0123456789",
    "invoice_rpa_sat_token": "sat-token-0123456789",
    "invoice_rpa_api_token": "api-secret-0123456789",
    "invoice_rpa_callback_token": "callback-token-0123456789",
}


def load_migration():
    path = Path(__file__).parents[1] / "migrations" / "19.0.1.1.0" / "post-migrate.py"
    spec = importlib.util.spec_from_file_location("invoice_rpa_migration_1_1", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestRpaSettingsSecrets(RpaRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, login="rpa_secrets_admin",
                                  groups="base.group_system,invoice_rpa.group_rpa_user")
        for name in SECRETS:
            cls.set_secret(name, "")

    def params(self):
        rows = self.env["ir.config_parameter"].sudo().search_read([("key", "like", "invoice_rpa.")], ["key", "value"])
        return {row["key"]: row["value"] for row in rows}

    def test_saved_secrets_are_encrypted_and_write_only(self):
        [settings_id] = self.call_kw(self.admin, "res.config.settings", "create", [[VALUES]])
        self.call_kw(self.admin, "res.config.settings", "execute", [[settings_id]])
        params = self.params()
        for field, value in VALUES.items():
            name = field.removeprefix("invoice_rpa_")
            with self.subTest(name=name):
                self.assertNotIn(f"invoice_rpa.{name}", params, "no plain parameter")
                self.assertTrue(params[SECRETS[name]].startswith("v1:"))
                self.assertNotIn(value, "".join(params.values()))
                self.assertEqual(self.env["rpa.settings.secret"]._get_secret(name), value)
        fields = list(VALUES) + [f"{field}_state" for field in VALUES]
        [defaults] = [self.call_kw(self.admin, "res.config.settings", "default_get", [fields])]
        [row] = self.call_kw(self.admin, "res.config.settings", "read", [[settings_id], fields])
        for field in VALUES:
            self.assertFalse(row[field], "write-only")
            self.assertFalse(defaults.get(field), "write-only")
            self.assertEqual(row[f"{field}_state"], "set")
        # an empty field keeps the stored secret
        [again] = self.call_kw(self.admin, "res.config.settings", "create", [[{"invoice_rpa_sat_url": "https://x"}]])
        self.call_kw(self.admin, "res.config.settings", "execute", [[again]])
        self.assertEqual(self.env["rpa.settings.secret"]._get_secret("sat_token"), VALUES["invoice_rpa_sat_token"])

    def test_secrets_are_for_administrators_only(self):
        for user in (self.manager, self.user):
            with self.subTest(user=user.login):
                self.assert_refused(user, "res.config.settings", "create",
                                    [[{"invoice_rpa_sat_token": "mine"}]], error="AccessError")
        self.assertNotIn(SECRETS["sat_token"], self.params())

    def test_unset_secrets_show_not_set(self):
        [settings_id] = self.call_kw(self.admin, "res.config.settings", "create", [[{}]])
        [row] = self.call_kw(self.admin, "res.config.settings", "read",
                             [[settings_id], ["invoice_rpa_sat_token_state"]])
        self.assertEqual(row["invoice_rpa_sat_token_state"], "not set")

    def test_migration_moves_plain_values_into_the_box(self):
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for field, value in VALUES.items():
            set_param(f"invoice_rpa.{field.removeprefix('invoice_rpa_')}", value)
        load_migration().migrate(self.env.cr, "19.0.1.0.0")
        params = self.params()
        for field, value in VALUES.items():
            name = field.removeprefix("invoice_rpa_")
            self.assertNotIn(f"invoice_rpa.{name}", params)
            self.assertEqual(self.env["rpa.settings.secret"]._get_secret(name), value)
            self.assertNotIn(value, "".join(params.values()))
