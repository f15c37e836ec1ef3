"""19.0.1.1.0: the secrets of the Settings move from plain ir.config_parameter values
into the encrypted box (``rpa.settings.secret``); the plain parameters are deleted."""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.invoice_rpa.models.rpa_settings_secret import SECRETS

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Param = env["ir.config_parameter"].sudo()
    for name in SECRETS:
        plain = Param.search([("key", "=", f"invoice_rpa.{name}")])
        if plain and (plain.value or "").strip():
            # raises (the update stops, nothing lost) when no encryption key is configured
            env["rpa.settings.secret"]._set_secret(name, plain.value)
            _logger.info("Invoice RPA secret %s moved into the encrypted box", name)
        plain.unlink()
