"""Verification of inbound webhook signatures (Quo, Chatwoot, Uazapi). Plain Python, no ORM.

The HTTP controllers pass the raw body bytes, the request headers and the channel's secret;
each ``verify_*`` function returns ``None`` when the request is authentic and raises
:class:`SignatureError` otherwise. Error messages never carry secrets, signatures or header
values, so they can be logged as they are.

Formats (checked against the providers' public documentation):

* Quo (formerly OpenPhone), legacy webhooks: ``openphone-signature: hmac;1;<ms>;<base64>``,
  HMAC-SHA256 of ``"<ms>." + body`` keyed with the base64-decoded signing key; several
  comma-separated signatures may be sent.
* Quo webhooks created with the current API follow Standard Webhooks: ``webhook-id``,
  ``webhook-timestamp`` (seconds) and ``webhook-signature`` (space-separated ``v1,<base64>``),
  HMAC-SHA256 of ``"<id>.<ts>." + body`` keyed with the base64 secret minus ``whsec_``.
* Chatwoot: ``X-Chatwoot-Signature: sha256=<hex>``, HMAC-SHA256 of ``"<ts>." + body`` keyed
  with the webhook secret as text; ``X-Chatwoot-Timestamp`` in seconds.
* Uazapi: no signature, a per-channel token compared in constant time (:func:`verify_token`).
"""

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping

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


def sign_quo(body: bytes, signing_key: str, timestamp_ms: int) -> str:
    """The legacy ``openphone-signature`` header value for ``body`` at ``timestamp_ms``."""
    digest = _hmac_sha256(_b64_key(signing_key), f"{int(timestamp_ms)}.".encode() + body)
    return f"hmac;1;{int(timestamp_ms)};{base64.b64encode(digest).decode()}"


def sign_standard_webhook(body: bytes, secret: str, msg_id: str, timestamp_s: int) -> dict:
    """The three Standard Webhooks headers (``webhook-id``, ``-timestamp``, ``-signature``)."""
    digest = _hmac_sha256(_b64_key(secret, "whsec_"), f"{msg_id}.{int(timestamp_s)}.".encode() + body)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp_s)),
        "webhook-signature": f"v1,{base64.b64encode(digest).decode()}",
    }


def sign_chatwoot(body: bytes, secret: str, timestamp_s: int) -> dict:
    """The ``X-Chatwoot-Signature`` and ``X-Chatwoot-Timestamp`` headers for ``body``."""
    digest = _hmac_sha256(_text_key(secret), f"{int(timestamp_s)}.".encode() + body)
    return {"X-Chatwoot-Signature": f"sha256={digest.hex()}", "X-Chatwoot-Timestamp": str(int(timestamp_s))}


def verify_quo(
    body: bytes,
    headers: Mapping[str, str],
    signing_key: str,
    *,
    now: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> None:
    """Verify a Quo webhook; raise :class:`SignatureError` unless it is authentic and fresh.

    Standard Webhooks headers (``webhook-*``) take precedence; otherwise the legacy
    ``openphone-signature`` header is checked. ``now`` is a Unix time in seconds.
    """
    lowered = _lower_headers(headers)
    if any(name in lowered for name in ("webhook-id", "webhook-timestamp", "webhook-signature")):
        return _verify_standard(body, lowered, signing_key, now, tolerance)
    if "openphone-signature" not in lowered:
        raise SignatureError(MISSING_SIGNATURE, "no Quo signature header")
    return _verify_quo_legacy(body, lowered["openphone-signature"], signing_key, now, tolerance)


def _verify_quo_legacy(body, header, signing_key, now, tolerance):
    # One "hmac;1;<ms>;<base64>" entry per signing key; unknown schemes or versions are
    # skipped so that a future format sent alongside version 1 does not break verification.
    candidates = {}  # timestamp text -> [digest bytes]
    for entry in header.split(","):
        fields = [field.strip() for field in entry.split(";")]
        if len(fields) != 4 or fields[0] != "hmac" or fields[1] != "1":
            continue
        stamp_ms, digest = _parse_timestamp(fields[2]), _b64decode(fields[3])
        if stamp_ms is not None and digest:
            candidates.setdefault(fields[2], []).append(digest)
    if not candidates:
        raise SignatureError(MALFORMED_SIGNATURE, "no usable entry in the Quo signature header")
    # The legacy timestamp is in milliseconds; the window is checked before any HMAC work.
    fresh = {stamp: digests for stamp, digests in candidates.items() if _is_fresh(int(stamp) / 1000, now, tolerance)}
    if not fresh:
        raise _stale()
    key = _b64_key(signing_key)
    if not any(_matches_any(_hmac_sha256(key, f"{stamp}.".encode() + body), ds) for stamp, ds in fresh.items()):
        raise SignatureError(BAD_SIGNATURE, "Quo signature does not match")


def _verify_standard(body, lowered, secret, now, tolerance):
    msg_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp")
    header = lowered.get("webhook-signature")
    if not (msg_id and stamp and header):
        raise SignatureError(MISSING_SIGNATURE, "a Standard Webhooks header is missing")
    stamp = stamp.strip()
    timestamp = _parse_timestamp(stamp)
    if timestamp is None:
        raise SignatureError(MALFORMED_SIGNATURE, "webhook-timestamp is not a number")
    if not _is_fresh(timestamp, now, tolerance):
        raise _stale()
    # "v1" is HMAC-SHA256; other identifiers ("v1a" is ed25519) are not ours to check.
    candidates = []
    for entry in header.split():
        version, _sep, encoded = entry.partition(",")
        digest = _b64decode(encoded) if version == "v1" else None
        if digest:
            candidates.append(digest)
    if not candidates:
        raise SignatureError(MALFORMED_SIGNATURE, "no v1 entry in the webhook-signature header")
    expected = _hmac_sha256(_b64_key(secret, "whsec_"), f"{msg_id}.{stamp}.".encode() + body)
    if not _matches_any(expected, candidates):
        raise SignatureError(BAD_SIGNATURE, "webhook signature does not match")


def verify_chatwoot(
    body: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    now: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> None:
    """Verify a Chatwoot webhook; raise :class:`SignatureError` unless it is authentic and fresh."""
    lowered = _lower_headers(headers)
    header = lowered.get("x-chatwoot-signature")
    stamp = lowered.get("x-chatwoot-timestamp")
    if not (header and stamp):
        raise SignatureError(MISSING_SIGNATURE, "a Chatwoot signature header is missing")
    scheme, _sep, hex_digest = header.strip().partition("=")
    try:
        digest = bytes.fromhex(hex_digest) if scheme == "sha256" else b""
    except ValueError:
        digest = b""
    if len(digest) != hashlib.sha256().digest_size:
        raise SignatureError(MALFORMED_SIGNATURE, "X-Chatwoot-Signature is not sha256=<hex>")
    stamp = stamp.strip()
    timestamp = _parse_timestamp(stamp)
    if timestamp is None:
        raise SignatureError(MALFORMED_SIGNATURE, "X-Chatwoot-Timestamp is not a number")
    if not _is_fresh(timestamp, now, tolerance):
        raise _stale()
    expected = _hmac_sha256(_text_key(secret), f"{stamp}.".encode() + body)
    if not hmac.compare_digest(expected, digest):
        raise SignatureError(BAD_SIGNATURE, "Chatwoot signature does not match")


def verify_token(given: str | None, expected: str) -> None:
    """Constant-time check of a shared token (Uazapi sends no signature).

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
