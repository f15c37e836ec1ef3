"""Encryption at rest of channel credentials: ops_base's AES-256-GCM box with
crm_messaging's own key and purpose.

The key never lives in the database. It is read, in this order, from
``messaging_encryption_key`` in the ``[options]`` section of ``odoo.conf``, then the
environment variable ``OPS_MESSAGING_KEY``; either holds the base64 encoding of 32 random
bytes. Without a key, :func:`encrypt` and :func:`decrypt` raise :class:`SecretBoxError`.
"""

from odoo.addons.ops_base.tools.secret_box import PREFIX, SecretBox, SecretBoxError, mask

CONFIG_KEY = "messaging_encryption_key"
ENV_KEY = "OPS_MESSAGING_KEY"
_BOX = SecretBox(CONFIG_KEY, ENV_KEY, b"crm_messaging.secret.v1")

load_key = _BOX.load_key
is_configured = _BOX.is_configured
encrypt = _BOX.encrypt
decrypt = _BOX.decrypt

__all__ = [
    "CONFIG_KEY", "ENV_KEY", "PREFIX", "SecretBoxError", "decrypt", "encrypt", "is_configured", "load_key", "mask",
]
