"""Consent keywords of inbound messages (LGPD / TCPA): STOP, SAIR, CANCELAR... opt out,
START, VOLTAR... opt back in. Plain Python, no ORM."""

import unicodedata

DEFAULT_OPT_OUT = ("STOP", "SAIR", "CANCELAR", "UNSUBSCRIBE", "PARAR")
DEFAULT_OPT_IN = ("START", "VOLTAR", "UNSTOP")


def normalize_keyword(text):
    """Upper-case, accent-free, trimmed, inner whitespace collapsed: ' Cancelár! ' -> 'CANCELAR'.
    Trailing punctuation is dropped because people type "Stop." or "SAIR!"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.upper().split()).strip(".!?;,")


def classify_consent(text, opt_out=DEFAULT_OPT_OUT, opt_in=DEFAULT_OPT_IN):
    """Return ``"opt_out"``, ``"opt_in"`` or ``None`` for a message body.

    Only a message that *is* the keyword counts ("stop", "Sair!"), not one that merely
    contains it ("don't stop sending me offers"), so ordinary conversation never changes
    consent by accident.
    """
    word = normalize_keyword(text)
    if not word:
        return None
    if word in {normalize_keyword(k) for k in opt_out}:
        return "opt_out"
    if word in {normalize_keyword(k) for k in opt_in}:
        return "opt_in"
    return None
