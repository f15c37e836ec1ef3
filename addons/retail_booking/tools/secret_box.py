"""Encryption at rest of the portal accounts' secrets: ops_base's AES-256-GCM box with
retail_booking's own key (``retail_booking_encryption_key`` in ``odoo.conf``, else the
``OPS_RETAIL_BOOKING_KEY`` environment variable; base64 of 32 random bytes).

Each kind of secret has its own purpose (associated data): a password token cannot be
replayed as a TOTP secret or a session."""

from odoo.addons.ops_base.tools.secret_box import SecretBox, SecretBoxError

CONFIG_KEY = "retail_booking_encryption_key"
ENV_KEY = "OPS_RETAIL_BOOKING_KEY"


def box(purpose):
    """The box of one kind of secret: "password", "totp" or "session"."""
    return SecretBox(CONFIG_KEY, ENV_KEY, f"retail_booking.{purpose}.v1".encode())


__all__ = ["CONFIG_KEY", "ENV_KEY", "SecretBoxError", "box"]
