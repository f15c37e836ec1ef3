"""AES-GCM encryption of channel credentials (crm_messaging/tools/secret_box.py)."""

import base64

import pytest

from odoo.addons.crm_messaging.tools import secret_box
from odoo.addons.crm_messaging.tools.secret_box import SecretBoxError

KEY_TEXT = base64.b64encode(b"k" * 32).decode()
KEY = b"k" * 32


def test_round_trip_and_fresh_nonce():
    first, second = secret_box.encrypt("s3cr3t-value", KEY), secret_box.encrypt("s3cr3t-value", KEY)
    assert first.startswith("v1:") and second.startswith("v1:")
    assert first != second
    assert "s3cr3t" not in first
    assert secret_box.decrypt(first, KEY) == "s3cr3t-value"
    assert secret_box.decrypt(secret_box.encrypt("Olá ✓", KEY), KEY) == "Olá ✓"


def test_wrong_key_or_tampering_is_refused():
    token = secret_box.encrypt("value", KEY)
    with pytest.raises(SecretBoxError):
        secret_box.decrypt(token, b"x" * 32)
    raw = bytearray(base64.b64decode(token[3:]))
    raw[-1] ^= 1
    with pytest.raises(SecretBoxError):
        secret_box.decrypt("v1:" + base64.b64encode(bytes(raw)).decode(), KEY)
    for bad in ("", "plain", "v1:!!!", "v1:" + base64.b64encode(b"short").decode()):
        with pytest.raises(SecretBoxError):
            secret_box.decrypt(bad, KEY)


def test_key_from_config_then_environment(monkeypatch):
    monkeypatch.delenv(secret_box.ENV_KEY, raising=False)
    assert secret_box.load_key({secret_box.CONFIG_KEY: KEY_TEXT}) == KEY
    monkeypatch.setenv(secret_box.ENV_KEY, base64.b64encode(b"e" * 32).decode())
    assert secret_box.load_key({}) == b"e" * 32
    assert secret_box.load_key({secret_box.CONFIG_KEY: KEY_TEXT}) == KEY


def test_missing_or_invalid_key_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(secret_box.ENV_KEY, raising=False)
    with pytest.raises(SecretBoxError, match="messaging_encryption_key"):
        secret_box.load_key({})
    assert not secret_box.is_configured({})
    for bad in ("not base64!", base64.b64encode(b"16 bytes only!!!").decode()):
        with pytest.raises(SecretBoxError, match="32 bytes"):
            secret_box.load_key({secret_box.CONFIG_KEY: bad})


def test_mask_never_reveals_short_secrets():
    assert secret_box.mask("") == ""
    assert secret_box.mask("short") == "••••"
    assert secret_box.mask("a-long-api-key-1234") == "••••1234"
