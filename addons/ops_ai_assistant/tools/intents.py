"""Explicit hand-off requests recognised without asking the model (no API call, no cost):
a customer who writes "quero falar com um atendente", "I want to cancel" or "reclamação"
gets a person at once. Anything subtler is left to the model's ``handoff`` tool. Plain
Python, pt_BR and English; accents and case are ignored."""

import re
import unicodedata

PATTERNS = (
    ("human_request", r"\b(atendente|humano|pessoa de verdade|falar com (alguem|uma pessoa|o vendedor|vendedor)|"
                      r"human|real person|an agent|a person|talk to (someone|sales|a representative))\b"),
    ("cancellation", r"\b(cancelar|cancelamento|cancela|cancel|cancellation)\b"),
    ("complaint", r"\b(reclamacao|reclamar|procon|insatisfeit[oa]|complaint|complain|unacceptable|absurdo)\b"),
)


def _plain(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def detect(text):
    """The hand-off intent explicitly stated in ``text`` (see :data:`PATTERNS`), else None."""
    plain = _plain(text)
    for intent, pattern in PATTERNS:
        if re.search(pattern, plain):
            return intent
    return None
