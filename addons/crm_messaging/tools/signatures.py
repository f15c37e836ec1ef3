"""Shared pieces of inbound webhook verification. Plain Python, no ORM.

Each provider's module (``tools/<provider>.py``) has its ``verify_*`` function: given the
raw body bytes, the request headers and the channel's secret, it returns ``None`` when the
request is authentic and raises :class:`SignatureError` otherwise. Error messages never
carry secrets, signatures or header values, so they can be logged as they are.
"""

import base64
import binascii
import hashlib
import hmac
import time

DEFAULT_TOLERANCE = 300


MISSING_SIGNATURE = "missing_signature"


MALFORMED_SIGNATURE = "malformed_signature"


BAD_SIGNATURE = "bad_signature"


STALE_TIMESTAMP = "stale_timestamp"


# A timestamp longer than this is garbage; the bound also keeps int() away from huge inputs.
_MAX_TIMESTAMP_DIGITS = 16


class SignatureError(Exception):
    """An inbound webhook failed verification.

    ``code`` is one of ``missing_signature``, ``malformed_signature``, ``bad_signature``,
    ``stale_timestamp``; ``str(exc)`` is a short message without any secret material.
    """

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _lower_headers(headers):
    """Headers as a plain dict with lower-case names, blank values dropped."""
    return {str(name).lower(): value for name, value in headers.items() if value and str(value).strip()}


def _parse_timestamp(text):
    """An integer timestamp from ASCII digits, or ``None``."""
    # isascii() as well: str.isdigit() also accepts digits such as "²" that int() rejects.
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_TIMESTAMP_DIGITS:
        return None
    return int(text)


def _is_fresh(timestamp_s, now, tolerance):
    """Whether a timestamp lies within ``now ± tolerance``: older ones are replays, and ones
    far in the future would stay replayable for too long."""
    now = time.time() if now is None else now
    return abs(now - timestamp_s) <= tolerance


def _stale():
    return SignatureError(STALE_TIMESTAMP, "signature timestamp is outside the accepted window")


def _b64decode(text):
    """Strict base64 decoding (missing padding tolerated); ``None`` when not base64."""
    text = text.strip()
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _b64_key(secret, prefix=""):
    """HMAC key bytes from a base64 secret. An empty or undecodable secret fails closed:
    HMAC with an empty key is computable by anyone, so it must never validate a request."""
    secret = (secret or "").strip()
    if prefix and secret.startswith(prefix):
        secret = secret[len(prefix) :]
    key = _b64decode(secret) if secret else None
    if not key:
        raise SignatureError(BAD_SIGNATURE, "signing key is not configured or is not valid base64")
    return key


def _text_key(secret):
    """HMAC key bytes from a text secret; an empty secret fails closed, as in :func:`_b64_key`."""
    if not secret:
        raise SignatureError(BAD_SIGNATURE, "webhook secret is not configured")
    return secret.encode()


def _hmac_sha256(key, message):
    return hmac.new(key, message, hashlib.sha256).digest()


def _matches_any(expected, candidates):
    """Constant-time comparison of the expected digest with every candidate digest."""
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)


def verify_token(given: str | None, expected: str) -> None:
    """Constant-time check of a shared token (for providers that sign nothing).

    An empty ``expected`` never validates, so an unconfigured channel rejects everything.
    """
    if not expected:
        raise SignatureError(BAD_SIGNATURE, "no token is configured for this channel")
    if given is None or given == "":
        raise SignatureError(MISSING_SIGNATURE, "no token in the request")
    if not isinstance(given, str):
        raise SignatureError(MALFORMED_SIGNATURE, "token is not text")
    # Bytes, because compare_digest refuses non-ASCII str arguments.
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise SignatureError(BAD_SIGNATURE, "token does not match")
