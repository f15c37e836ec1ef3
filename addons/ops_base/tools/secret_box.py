"""Encryption at rest of credentials (AES-256-GCM), shared by the suite. Plain Python, no ORM.

Each addon makes one :class:`SecretBox` for its purpose, naming where its key comes from.
The key never lives in the database. It is read, in this order, from:

* the server configuration: ``<config_key>`` in the ``[options]`` section of ``odoo.conf``;
* the environment variable ``<env_key>``.

Either holds the base64 encoding of 32 random bytes, e.g. the output of
``python3 -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"``.
When neither is set, :meth:`SecretBox.encrypt` and :meth:`SecretBox.decrypt` raise
:class:`SecretBoxError`: nothing is ever derived or defaulted silently.

Token format: ``"v1:" + base64(nonce (12 bytes) + ciphertext + tag (16 bytes))``. The
associated data binds a token to its purpose, so one addon's token cannot be replayed in
another's field. Error messages never contain the key, the plaintext or the token.
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from odoo.tools import config as odoo_config

PREFIX = "v1:"
_NONCE_BYTES = 12
_TAG_BYTES = 16


class SecretBoxError(Exception):
    """The key is missing or invalid, or a token cannot be decrypted."""


class SecretBox:
    """AES-256-GCM sealing for one purpose.

    :param config_key: option name in ``odoo.conf`` holding the key
    :param env_key: environment variable used when the option is not set
    :param aad: associated data naming the purpose (bytes)
    """

    def __init__(self, config_key, env_key, aad):
        self.config_key = config_key
        self.env_key = env_key
        self.aad = aad

    def load_key(self, config=None):
        """The 32-byte key from the configuration or the environment; :class:`SecretBoxError`
        when it is missing or is not the base64 of exactly 32 bytes."""
        config = odoo_config if config is None else config
        text = (config.get(self.config_key) or os.environ.get(self.env_key) or "").strip()
        if not text:
            raise SecretBoxError(
                f"no encryption key: set {self.config_key} in the server configuration "
                f"or the {self.env_key} environment variable (base64 of 32 bytes)"
            )
        try:
            key = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != 32:
            raise SecretBoxError(
                f"{self.config_key} / {self.env_key} must be the base64 encoding of exactly 32 bytes")
        return key

    def is_configured(self, config=None):
        """Whether a valid key is available."""
        try:
            self.load_key(config)
        except SecretBoxError:
            return False
        return True

    def encrypt(self, plaintext, key=None):
        """Encrypt ``plaintext`` (str) into a ``v1:`` token (a fresh random nonce every call)."""
        key = self.load_key() if key is None else key
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), self.aad)
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, token, key=None):
        """The plaintext of a ``v1:`` token; :class:`SecretBoxError` if it was not produced
        with this key and purpose, or was tampered with."""
        if not token or not token.startswith(PREFIX):
            raise SecretBoxError("not an encrypted secret (expected the v1: format)")
        key = self.load_key() if key is None else key
        try:
            raw = base64.b64decode(token[len(PREFIX):], validate=True)
        except (binascii.Error, ValueError):
            raise SecretBoxError("encrypted secret is not valid base64") from None
        if len(raw) <= _NONCE_BYTES + _TAG_BYTES:
            raise SecretBoxError("encrypted secret is truncated")
        try:
            plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], self.aad)
        except InvalidTag:
            raise SecretBoxError("encrypted secret cannot be decrypted with the configured key") from None
        return plain.decode()


def mask(secret):
    """A display form that never reveals the secret: its last 4 characters at most, and
    only when it is long enough for them not to give most of it away."""
    if not secret:
        return ""
    return "••••" + secret[-4:] if len(secret) >= 12 else "••••"
