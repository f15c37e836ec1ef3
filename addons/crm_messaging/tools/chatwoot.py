"""Chatwoot client: webhook signature, payloads, sending. Plain Python, no ORM.

* Signature: ``X-Chatwoot-Signature: sha256=<hex>``, HMAC-SHA256 of ``"<ts>." + body``
  keyed with the webhook secret as text; ``X-Chatwoot-Timestamp`` in seconds.
* Sending: ``POST /api/v1/accounts/{account}/conversations/{id}/messages``, header
  ``api_access_token``, JSON ``{content, message_type: "outgoing"}``. Failures raise
  ops_base's :class:`HttpCallError`.
* Status receipts: ``message_updated`` events of outgoing messages carry ``status``
  (``sent`` / ``delivered`` / ``read`` / ``failed``), see :func:`message_status`.
"""

import hashlib
import hmac
import re
from collections.abc import Mapping
from urllib.parse import quote

from odoo.addons.ops_base.tools.http import DEFAULT_TIMEOUT, HttpCallError, call, json_body

from .conversations import ConversationMessage, UnusableMessage, _dict, _http_urls, _str, _timestamp
from .payloads import _event, _text
from .provider_client import _base, _first_id, _need
from .signatures import (
    BAD_SIGNATURE,
    DEFAULT_TOLERANCE,
    MALFORMED_SIGNATURE,
    MISSING_SIGNATURE,
    SignatureError,
    _hmac_sha256,
    _is_fresh,
    _lower_headers,
    _parse_timestamp,
    _stale,
    _text_key,
)

CHATWOOT_BASE = "https://app.chatwoot.com"


CHATWOOT_EVENT_TYPES = frozenset(
    {
        "message_created",
        "message_updated",
        "conversation_created",
        "conversation_status_changed",
        "conversation_updated",
        "contact_created",
        "contact_updated",
    }
)


CHATWOOT_TYPES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}


# Chatwoot ----------------------------------------------------------------------------------
CHATWOOT_ID = re.compile(r"[0-9]{1,18}")


# Signature -----------------------------------------------------------------------
def sign_chatwoot(body: bytes, secret: str, timestamp_s: int) -> dict:
    """The ``X-Chatwoot-Signature`` and ``X-Chatwoot-Timestamp`` headers for ``body``."""
    digest = _hmac_sha256(_text_key(secret), f"{int(timestamp_s)}.".encode() + body)
    return {"X-Chatwoot-Signature": f"sha256={digest.hex()}", "X-Chatwoot-Timestamp": str(int(timestamp_s))}


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


# Payloads ------------------------------------------------------------------------
def check_customer_chatwoot(event_type, payload):
    """A Chatwoot ``message_created`` event must name its conversation."""
    if event_type == "message_created":
        _text(payload, "conversation.id")


def parse_chatwoot(payload):
    """Chatwoot ``{"event": "message_created", "id": 123, …}``: the key is ``<event>:<id>``,
    because ``id`` is the id of the message, conversation or contact the event is about and
    different events share it (``message_created`` and ``message_updated``); a
    ``message_updated`` with a ``status`` adds it (``…:delivered``, then ``…:read``)."""
    event_type = _text(payload, "event")
    object_id = _text(payload, "id")
    event_id = f"{event_type}:{object_id}"
    status = _text(payload, "status", required=False)
    if event_type == "message_updated" and status:
        event_id += f":{status}"  # one message is updated once per status (delivered, then read)
    return [_event(event_id, event_type, CHATWOOT_EVENT_TYPES, object_id=object_id)]


def chatwoot_message(payload):
    """The message of a Chatwoot ``message_created`` event: ``{"event", "id", "content",
    "message_type": "incoming" | "outgoing" | "activity" | "template", "private",
    "created_at", "attachments": [{"data_url"}], "sender": {…},
    "conversation": {"id", "meta": {"sender": {"name", "phone_number", "email"}}}}``.

    The customer is the conversation's contact (``conversation.meta.sender``), else the
    sender of an incoming message; ``conversation.id`` is the id the API replies to."""
    message_type = payload.get("message_type")
    message_type = CHATWOOT_TYPES.get(message_type, message_type)
    conversation = _dict(payload.get("conversation"))
    result = ConversationMessage(
        incoming=message_type == "incoming",
        body=_str(payload.get("content")) or "",
        provider_id=_str(payload.get("id")),
        when=_timestamp(payload.get("created_at")),
        media=_http_urls([_dict(item).get("data_url") for item in payload.get("attachments") or []]),
        conversation_id=_str(conversation.get("id")),
        inbox_id=_str(conversation.get("inbox_id")) or _str(_dict(payload.get("inbox")).get("id")),
    )
    if message_type not in ("incoming", "outgoing"):
        result.skip = f"{message_type or 'untyped'} message"
        return result
    if payload.get("private"):
        result.skip = "private note"
        return result
    contact = _dict(_dict(conversation.get("meta")).get("sender"))
    if not contact and result.incoming:
        contact = _dict(payload.get("sender"))
    result.phone = _str(contact.get("phone_number"))
    result.email = _str(contact.get("email"))
    result.name = _str(contact.get("name"))
    if not (result.phone or result.email or result.conversation_id):
        raise UnusableMessage("conversation.meta.sender.phone_number")
    return result


# Sending -------------------------------------------------------------------------
def is_chatwoot_id(value):
    """Whether ``value`` is a Chatwoot account / conversation id: ASCII digits only. The
    ids go into the API path: anything else (``/``, ``..``, ``?``, ``#``) would let the
    caller address another endpoint with the channel's token."""
    return isinstance(value, str) and CHATWOOT_ID.fullmatch(value) is not None


def send_chatwoot(api_token, account_id, conversation_id, content, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    """Post an outgoing reply in Chatwoot conversation ``conversation_id``."""
    headers = {"api_access_token": _need(api_token, "the API access token"), "Content-Type": "application/json"}
    account = _need(str(account_id or "").strip(), "the Chatwoot account id")
    conversation = _need(str(conversation_id or "").strip(), "the Chatwoot conversation id")
    if not (is_chatwoot_id(account) and is_chatwoot_id(conversation)):
        raise HttpCallError("the Chatwoot account and conversation ids must be digits only", retryable=False)
    account, conversation = quote(account, safe=""), quote(conversation, safe="")
    url = f"{_base(base_url, CHATWOOT_BASE)}/api/v1/accounts/{account}/conversations/{conversation}/messages"
    payload = {"content": content, "message_type": "outgoing"}
    response, _latency = call("POST", url, headers=headers, json=payload, timeout=timeout, secrets=[api_token])
    return _first_id(json_body(response, [api_token]), "id")


def ping_chatwoot(api_token, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    headers = {"api_access_token": _need(api_token, "the API access token")}
    url = f"{_base(base_url, CHATWOOT_BASE)}/api/v1/profile"
    return call("GET", url, headers=headers, timeout=timeout, secrets=[api_token])[1]


# Status receipts ---------------------------------------------------------------------------
RECEIPT_STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}


def message_status(payload):
    """``(message id, log status, when, error)`` of a ``message_updated`` event of an
    outgoing message that carries a delivery status, else ``None``. Chatwoot sends
    ``{"event": "message_updated", "id": 12, "message_type": "outgoing", "status":
    "delivered" | "read" | "failed", "updated_at": …, "content_attributes":
    {"external_error": "…"}}``."""
    message_type = payload.get("message_type")
    message_type = CHATWOOT_TYPES.get(message_type, message_type)
    status = RECEIPT_STATUSES.get(_str(payload.get("status")) or "")
    provider_id = _str(payload.get("id"))
    if message_type != "outgoing" or not status or not provider_id:
        return None
    error = None
    if status == "failed":
        error = _str(_dict(payload.get("content_attributes")).get("external_error")) or "failed"
    return provider_id, status, payload.get("updated_at"), error
