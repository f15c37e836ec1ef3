"""Encryption at rest of portal passwords (AES-256-GCM). Plain Python, no ORM.

The key never lives in the database: ``invoice_rpa_encryption_key`` in the ``[options]``
section of ``odoo.conf``, else the ``OPS_INVOICE_RPA_KEY`` environment variable; either
holds the base64 of 32 random bytes
(``python3 -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"``).
Without a key, :func:`encrypt` and :func:`decrypt` raise :class:`SecretBoxError`.

Token format: ``"v1:" + base64(nonce (12 bytes) + ciphertext + tag)``. Error messages
never contain the key, the plaintext or the token.
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from odoo.tools import config as odoo_config

CONFIG_KEY = "invoice_rpa_encryption_key"
ENV_KEY = "OPS_INVOICE_RPA_KEY"
PREFIX = "v1:"
_NONCE_BYTES = 12
_AAD = b"invoice_rpa.portal_secret.v1"  # a token is only valid for this purpose


class SecretBoxError(Exception):
    """The key is missing or invalid, or a token cannot be decrypted."""


def load_key(config=None):
    """The 32-byte key; :class:`SecretBoxError` when missing or not base64 of 32 bytes."""
    config = odoo_config if config is None else config
    text = (config.get(CONFIG_KEY) or os.environ.get(ENV_KEY) or "").strip()
    if not text:
        raise SecretBoxError(f"no encryption key: set {CONFIG_KEY} in the server configuration "
                             f"or the {ENV_KEY} environment variable (base64 of 32 bytes)")
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise SecretBoxError(f"{CONFIG_KEY} / {ENV_KEY} must be the base64 encoding of exactly 32 bytes")
    return key


def encrypt(plaintext, key=None):
    """Encrypt ``plaintext`` (str) into a ``v1:`` token (fresh random nonce every call)."""
    key = load_key() if key is None else key
    nonce = os.urandom(_NONCE_BYTES)
    return PREFIX + base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext.encode(), _AAD)).decode()


def decrypt(token, key=None):
    """The plaintext of a ``v1:`` token; :class:`SecretBoxError` if it was not made with
    this key or was tampered with."""
    if not token or not token.startswith(PREFIX):
        raise SecretBoxError("not an encrypted secret (expected the v1: format)")
    key = load_key() if key is None else key
    try:
        raw = base64.b64decode(token[len(PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise SecretBoxError("encrypted secret is not valid base64") from None
    if len(raw) <= _NONCE_BYTES + 16:
        raise SecretBoxError("encrypted secret is truncated")
    try:
        return AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _AAD).decode()
    except InvalidTag:
        raise SecretBoxError("encrypted secret cannot be decrypted with the configured key") from None
