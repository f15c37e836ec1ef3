"""Encryption at rest of the Anthropic API key: ops_base's AES-256-GCM box with this
addon's own key (``ai_encryption_key`` in ``odoo.conf``, else the ``OPS_AI_KEY``
environment variable; base64 of 32 random bytes) and purpose."""

from odoo.addons.ops_base.tools.secret_box import SecretBox, SecretBoxError, mask

CONFIG_KEY = "ai_encryption_key"
ENV_KEY = "OPS_AI_KEY"
_BOX = SecretBox(CONFIG_KEY, ENV_KEY, b"ops_ai_assistant.api_key.v1")

encrypt = _BOX.encrypt
decrypt = _BOX.decrypt
is_configured = _BOX.is_configured

__all__ = ["CONFIG_KEY", "ENV_KEY", "SecretBoxError", "decrypt", "encrypt", "is_configured", "mask"]
