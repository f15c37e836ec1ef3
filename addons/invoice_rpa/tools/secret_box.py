"""Encryption at rest of operator-portal passwords: ops_base's AES-256-GCM box with
invoice_rpa's own key (``invoice_rpa_encryption_key`` in ``odoo.conf``, else the
``OPS_INVOICE_RPA_KEY`` environment variable; base64 of 32 random bytes) and purpose."""

from odoo.addons.ops_base.tools.secret_box import PREFIX, SecretBox, SecretBoxError

CONFIG_KEY = "invoice_rpa_encryption_key"
ENV_KEY = "OPS_INVOICE_RPA_KEY"
_BOX = SecretBox(CONFIG_KEY, ENV_KEY, b"invoice_rpa.portal_secret.v1")

load_key = _BOX.load_key
is_configured = _BOX.is_configured
encrypt = _BOX.encrypt
decrypt = _BOX.decrypt

__all__ = ["CONFIG_KEY", "ENV_KEY", "PREFIX", "SecretBoxError", "decrypt", "encrypt", "is_configured", "load_key"]
