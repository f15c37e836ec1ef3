import pytest

from odoo.addons.crm_messaging.tools.keywords import classify_consent, normalize_keyword


@pytest.mark.parametrize("text", ["STOP", "stop", " Sair! ", "cancelár", "Unsubscribe.", "parar"])
def test_opt_out_ignores_case_accents_and_punctuation(text):
    assert classify_consent(text) == "opt_out"


@pytest.mark.parametrize("text", ["start", "Voltar", "VOLTÁR!"])
def test_opt_in(text):
    assert classify_consent(text) == "opt_in"


@pytest.mark.parametrize("text", ["", None, "don't stop the offers", "quero sair às 10h", "ok"])
def test_ordinary_messages_do_not_change_consent(text):
    assert classify_consent(text) is None


def test_configurable_keywords():
    assert classify_consent("baja", opt_out=("BAJA",), opt_in=("ALTA",)) == "opt_out"
    assert classify_consent("stop", opt_out=("BAJA",), opt_in=("ALTA",)) is None
    assert normalize_keyword("  Não   QUERO  ") == "NAO QUERO"
