"""Encryption at rest of invoice_rpa's secrets: ops_base's AES-256-GCM box with
invoice_rpa's own key (``invoice_rpa_encryption_key`` in ``odoo.conf``, else the
``OPS_INVOICE_RPA_KEY`` environment variable; base64 of 32 random bytes).

Portal passwords have their purpose; each secret of the Settings (S3 secret key, SAT
token, RPA API secret, callback token) has its own, so a token stored for one cannot be
replayed as another."""

from odoo.addons.ops_base.tools.secret_box import PREFIX, SecretBox, SecretBoxError

CONFIG_KEY = "invoice_rpa_encryption_key"
ENV_KEY = "OPS_INVOICE_RPA_KEY"
_BOX = SecretBox(CONFIG_KEY, ENV_KEY, b"invoice_rpa.portal_secret.v1")

load_key = _BOX.load_key
is_configured = _BOX.is_configured
encrypt = _BOX.encrypt
decrypt = _BOX.decrypt


def setting_box(name):
    """The box of the Settings secret ``name`` (e.g. "sat_token")."""
    return SecretBox(CONFIG_KEY, ENV_KEY, f"invoice_rpa.setting.{name}.v1".encode())


__all__ = [
    "CONFIG_KEY", "ENV_KEY", "PREFIX", "SecretBoxError", "decrypt", "encrypt", "is_configured", "load_key",
    "setting_box",
]
