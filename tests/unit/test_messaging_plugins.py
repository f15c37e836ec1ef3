"""crm_messaging's providers are plug-ins (issue 11): the core files name no provider, each
provider's model file names only its own, and the Settings placeholders show the default
keyword lists. Plain file reading: no database."""

import pathlib
import re

import pytest

from odoo.addons.crm_messaging.tools import keywords

ADDON = pathlib.Path(__file__).resolve().parents[2] / "addons" / "crm_messaging"
PROVIDERS = ("quo", "openphone", "uazapi", "chatwoot", "sendgrid", "twilio")  # WhatsApp, SMS: media, not providers
CORE_FILES = (
    "models/messaging_channel.py",
    "models/messaging_circuit_breaker.py",
    "models/messaging_inbox.py",
    "models/messaging_outbound.py",
    "models/messaging_consent.py",
    "models/messaging_message.py",
    "wizard/messaging_composer.py",
    "controllers/webhook.py",
    "tools/payloads.py",
    "tools/signatures.py",
    "tools/conversations.py",
    "tools/provider_client.py",
    "tools/keywords.py",
)


def provider_names(text, providers=PROVIDERS):
    """The provider names ``text`` mentions as words (any case)."""
    pattern = re.compile(r"\b(" + "|".join(providers) + r")\b", re.IGNORECASE)
    return sorted({match.group(1).lower() for match in pattern.finditer(text)})


@pytest.mark.parametrize("path", CORE_FILES)
def test_core_files_name_no_provider(path):
    assert provider_names((ADDON / path).read_text()) == [], path


def test_the_check_finds_a_provider_name():
    assert provider_names('if channel.channel_type == "Quo":') == ["quo"]
    assert provider_names("a quota, quotes") == []


def plugins():
    files = (ADDON / "models").glob("messaging_channel_*.py")
    return sorted(path.stem.removeprefix("messaging_channel_") for path in files)


@pytest.mark.parametrize("provider", plugins())
def test_a_provider_file_names_no_other_provider(provider):
    others = [name for name in PROVIDERS if name != provider and not (provider == "quo" and name == "openphone")]
    text = (ADDON / "models" / f"messaging_channel_{provider}.py").read_text()
    assert provider_names(text, others) == [], provider
    assert (ADDON / "tools" / f"{provider}.py").exists(), "each provider has its client in tools/"


def test_every_provider_is_a_plug_in():
    assert plugins() == ["chatwoot", "quo", "sendgrid", "twilio", "uazapi"]


@pytest.mark.parametrize(
    ("field", "default"),
    [
        ("messaging_opt_out_keywords", keywords.DEFAULT_OPT_OUT),
        ("messaging_opt_in_keywords", keywords.DEFAULT_OPT_IN),
        ("messaging_confirm_keywords", keywords.DEFAULT_CONFIRM),
        ("messaging_help_keywords", keywords.DEFAULT_HELP),
    ],
)
def test_settings_placeholders_show_the_default_keywords(field, default):
    view = (ADDON / "views" / "res_config_settings_views.xml").read_text()
    match = re.search(rf'<field name="{field}" placeholder="([^"]*)"', view)
    assert match, field
    assert match.group(1) == ", ".join(default)


def test_help_keywords():
    assert keywords.classify_reply("Ajuda!", help_words=keywords.DEFAULT_HELP) == "help"
    assert keywords.classify_reply("help", help_words=()) is None
    assert keywords.classify_reply("STOP", help_words=("STOP",)) == "opt_out", "opting out wins"
