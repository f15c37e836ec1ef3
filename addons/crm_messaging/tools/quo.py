"""Quo (formerly OpenPhone) client: webhook signatures, payloads, sending. Plain Python, no ORM.

Signatures (checked against Quo's public documentation):

* legacy webhooks: ``openphone-signature: hmac;1;<ms>;<base64>``, HMAC-SHA256 of
  ``"<ms>." + body`` keyed with the base64-decoded signing key; several comma-separated
  signatures may be sent;
* webhooks created with the current API follow Standard Webhooks: ``webhook-id``,
  ``webhook-timestamp`` (seconds) and ``webhook-signature`` (space-separated ``v1,<base64>``),
  HMAC-SHA256 of ``"<id>.<ts>." + body`` keyed with the base64 secret minus ``whsec_``.

Sending: ``POST /v1/messages``, header ``Authorization: <api key>``, JSON
``{content, from, to: [E.164]}``; ``from`` is a phone number id (``PN…``) or E.164.
Failures raise ops_base's :class:`HttpCallError` (see ``ops_base/tools/http.py``).
"""

import base64
from collections.abc import Mapping

from odoo.addons.ops_base.tools.http import DEFAULT_TIMEOUT, call, json_body

from .payloads import MissingFieldError, _event, _get, _text
from .provider_client import _base, _first_id, _need
from .signatures import (
    BAD_SIGNATURE,
    DEFAULT_TOLERANCE,
    MALFORMED_SIGNATURE,
    MISSING_SIGNATURE,
    SignatureError,
    _b64_key,
    _b64decode,
    _hmac_sha256,
    _is_fresh,
    _lower_headers,
    _matches_any,
    _parse_timestamp,
    _stale,
)

QUO_BASE = "https://api.openphone.com"


QUO_EVENT_TYPES = frozenset(
    {
        "message.received",
        "message.delivered",
        "call.ringing",
        "call.completed",
        "call.recording.completed",
        "call.summary.completed",
        "call.transcript.completed",
        "contact.updated",
        "contact.deleted",
    }
)


# Events that are filed in a customer's chatter: they must say who the customer is.
QUO_CUSTOMER_EVENTS = frozenset({"message.received", "message.delivered", "call.completed"})


# Signatures ----------------------------------------------------------------------
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


# Payloads ------------------------------------------------------------------------
def check_customer_quo(event_type, payload):
    """Raise :class:`MissingFieldError` unless a Quo message or call names the customer:
    ``from`` when incoming, else the first ``to`` (a list for messages, a string for calls).
    Other event types need no customer."""
    if event_type not in QUO_CUSTOMER_EVENTS:
        return
    incoming = _get(payload, "data.object.direction") in ("incoming", "inbound")
    path = "data.object.from" if incoming else "data.object.to"
    number = _get(payload, path)
    if isinstance(number, list):
        number = number[0] if number else None
    if not isinstance(number, str) or not number.strip():
        raise MissingFieldError(path)


def parse_quo(payload):
    """Quo (OpenPhone) ``{"id": "EV…", "object": "event", "type": "message.received",
    "data": {"object": {"id": "AC…", …}}}``.

    The key is the event id ``id`` (the same on every retry of a delivery); when absent,
    ``<type>:<data.object.id>`` (a message or call id, qualified by the type because
    ``call.completed`` and ``call.recording.completed`` share the call id).
    """
    event_type = _text(payload, "type")
    event_id = _text(payload, "id", required=False)
    if not event_id:
        object_id = _text(payload, "data.object.id")
        event_id = f"{event_type}:{object_id}"
    return [_event(event_id, event_type, QUO_EVENT_TYPES, object_id=_text(payload, "data.object.id", False))]


# Sending -------------------------------------------------------------------------
# Quo ---------------------------------------------------------------------------------------
def send_quo(api_key, sender, to, content, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    """Send an SMS from ``sender`` (phone number id or E.164) to ``to`` (E.164)."""
    headers = {"Authorization": _need(api_key, "the API key"), "Content-Type": "application/json"}
    payload = {"content": content, "from": _need(sender, "the sender number"), "to": [to]}
    url = f"{_base(base_url, QUO_BASE)}/v1/messages"
    response, _latency = call("POST", url, headers=headers, json=payload, timeout=timeout, secrets=[api_key])
    return _first_id(json_body(response, [api_key]), "id")


def ping_quo(api_key, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    headers = {"Authorization": _need(api_key, "the API key")}
    url = f"{_base(base_url, QUO_BASE)}/v1/phone-numbers"
    return call("GET", url, headers=headers, timeout=timeout, secrets=[api_key])[1]
