"""ops_base's AES-GCM box as used by crm_messaging and invoice_rpa: one key format, each
addon its own key source and purpose."""

import pytest

from odoo.addons.crm_messaging.tools import secret_box as messaging_box
from odoo.addons.invoice_rpa.tools import secret_box as rpa_box
from odoo.addons.ops_base.tools.secret_box import SecretBoxError

KEY = b"s" * 32


def test_a_token_only_opens_for_its_own_purpose():
    token = messaging_box.encrypt("api-key-123", KEY)
    assert messaging_box.decrypt(token, KEY) == "api-key-123"
    with pytest.raises(SecretBoxError):
        rpa_box.decrypt(token, KEY)
    assert rpa_box.decrypt(rpa_box.encrypt("portal-pass", KEY), KEY) == "portal-pass"


def test_each_addon_reads_its_own_key(monkeypatch):
    monkeypatch.delenv(messaging_box.ENV_KEY, raising=False)
    monkeypatch.delenv(rpa_box.ENV_KEY, raising=False)
    config = {messaging_box.CONFIG_KEY: "c3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3M="}
    assert messaging_box.load_key(config) == KEY
    with pytest.raises(SecretBoxError, match="invoice_rpa_encryption_key"):
        rpa_box.load_key(config)
