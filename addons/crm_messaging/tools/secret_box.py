"""Encryption at rest of channel credentials (AES-256-GCM). Plain Python, no ORM.

The key never lives in the database. It is read, in this order, from:

* the server configuration: ``messaging_encryption_key`` in the ``[options]`` section of
  ``odoo.conf`` (``odoo.tools.config.get("messaging_encryption_key")``);
* the environment variable ``OPS_MESSAGING_KEY``.

Either holds the base64 encoding of 32 random bytes, e.g. the output of
``python3 -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"``.
When neither is set, :func:`encrypt` and :func:`decrypt` raise :class:`SecretBoxError`:
nothing is ever derived or defaulted silently.

Token format: ``"v1:" + base64(nonce (12 bytes) + ciphertext + tag (16 bytes))``. Error
messages never contain the key, the plaintext or the token.
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from odoo.tools import config as odoo_config

CONFIG_KEY = "messaging_encryption_key"
ENV_KEY = "OPS_MESSAGING_KEY"
PREFIX = "v1:"
_NONCE_BYTES = 12
# Bound the associated data to this purpose, so a token cannot be replayed elsewhere.
_AAD = b"crm_messaging.secret.v1"


class SecretBoxError(Exception):
    """The key is missing or invalid, or a token cannot be decrypted."""


def _configured_key_text(config=None):
    config = odoo_config if config is None else config
    return (config.get(CONFIG_KEY) or os.environ.get(ENV_KEY) or "").strip()


def load_key(config=None) -> bytes:
    """The 32-byte key from the configuration or the environment; :class:`SecretBoxError`
    when it is missing or is not the base64 of exactly 32 bytes."""
    text = _configured_key_text(config)
    if not text:
        raise SecretBoxError(
            f"no encryption key: set {CONFIG_KEY} in the server configuration "
            f"or the {ENV_KEY} environment variable (base64 of 32 bytes)"
        )
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise SecretBoxError(f"{CONFIG_KEY} / {ENV_KEY} must be the base64 encoding of exactly 32 bytes")
    return key


def is_configured(config=None) -> bool:
    """Whether a valid key is available."""
    try:
        load_key(config)
    except SecretBoxError:
        return False
    return True


def encrypt(plaintext: str, key: bytes | None = None) -> str:
    """Encrypt ``plaintext`` into a ``v1:`` token (a fresh random nonce every call)."""
    key = load_key() if key is None else key
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), _AAD)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str, key: bytes | None = None) -> str:
    """The plaintext of a ``v1:`` token; :class:`SecretBoxError` if it was not produced
    with this key or was tampered with."""
    if not token or not token.startswith(PREFIX):
        raise SecretBoxError("not an encrypted secret (expected the v1: format)")
    key = load_key() if key is None else key
    try:
        raw = base64.b64decode(token[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise SecretBoxError("encrypted secret is not valid base64") from None
    if len(raw) <= _NONCE_BYTES + 16:
        raise SecretBoxError("encrypted secret is truncated")
    try:
        plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _AAD)
    except InvalidTag:
        raise SecretBoxError("encrypted secret cannot be decrypted with the configured key") from None
    return plain.decode()


def mask(secret: str) -> str:
    """A display form that never reveals the secret: its last 4 characters at most, and
    only when it is long enough for them not to give most of it away."""
    if not secret:
        return ""
    return "••••" + secret[-4:] if len(secret) >= 12 else "••••"
