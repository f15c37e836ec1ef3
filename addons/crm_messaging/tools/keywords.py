"""Keywords of inbound messages (LGPD / TCPA): STOP, SAIR, CANCELAR... opt out, START,
VOLTAR... opt back in, YES, SIM, ACEITO... confirm, HELP, AJUDA... ask for help. Plain
Python, no ORM."""

import unicodedata

# US: the CTIA Messaging Principles' standard words (STOP, STOPALL, UNSUBSCRIBE, CANCEL,
# END, QUIT) and those the FCC's 2025 TCPA revocation rule names (REVOKE, OPT OUT).
# Brazil: what people type to leave a list (LGPD gives no fixed list; carriers and the
# "Não Me Perturbe" practice use these). Matching ignores case and accents.
DEFAULT_OPT_OUT = (
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT", "OPT-OUT",
    "SAIR", "PARAR", "PARE", "CANCELAR", "DESCADASTRAR", "REMOVER", "NÃO QUERO", "NÃO QUERO MAIS",
)
DEFAULT_OPT_IN = ("START", "UNSTOP", "VOLTAR", "RETORNAR", "REATIVAR")
# Replies confirming a double opt-in request; without double opt-in, they also opt back in
# a number that opted out (CTIA: START, UNSTOP and YES re-subscribe).
DEFAULT_CONFIRM = ("YES", "SIM", "CONFIRMO", "CONFIRMAR", "ACEITO")
# CTIA Messaging Principles and the carriers' short-code rules: HELP (and INFO) must be
# answered with the program's name and how to stop; Brazil: AJUDA.
DEFAULT_HELP = ("HELP", "INFO", "AJUDA")


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


def parse_keywords(text, default):
    """A configured keyword list ("STOP, Sair ,cancelar") as a tuple; ``default`` when
    ``text`` holds no keyword."""
    words = tuple(word.strip() for word in (text or "").split(",") if word.strip())
    return words or tuple(default)


def classify_reply(text, opt_out=DEFAULT_OPT_OUT, opt_in=DEFAULT_OPT_IN, confirm=DEFAULT_CONFIRM, help_words=()):
    """Like :func:`classify_consent`, also recognising a double opt-in confirmation and a
    request for help: ``"opt_out"``, ``"opt_in"``, ``"confirm"``, ``"help"`` or ``None``.
    Opting out wins when a word is in several lists (being wrongly kept is worse than being
    wrongly dropped)."""
    consent = classify_consent(text, opt_out, opt_in)
    if consent:
        return consent
    word = normalize_keyword(text)
    if word and word in {normalize_keyword(k) for k in confirm}:
        return "confirm"
    if word and word in {normalize_keyword(k) for k in help_words}:
        return "help"
    return None
