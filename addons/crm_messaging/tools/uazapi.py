"""Uazapi (WhatsApp) client: webhook token, payloads, sending. Plain Python, no ORM.

* Authentication: Uazapi signs nothing; a per-channel token compared in constant time
  (:func:`~.signatures.verify_token`).
* Sending: ``POST /send/text``, header ``token: <instance token>``, JSON ``{number, text}``
  with the number in digits only. No public default server: the base URL is required.
  Failures raise ops_base's :class:`HttpCallError`.
* Status receipts: ``messages_update`` events (see :func:`message_status`).
"""

from odoo.addons.ops_base.tools.http import DEFAULT_TIMEOUT, call, json_body

from .conversations import ConversationMessage, UnusableMessage, _dict, _http_urls, _str, _timestamp
from .payloads import MissingFieldError, _event, _text, body_digest
from .provider_client import _base, _first_id, _need

UAZAPI_EVENT_TYPES = frozenset({"messages", "messages_update", "connection", "call"})


WHATSAPP_USER_SUFFIXES = ("@s.whatsapp.net", "@c.us")


# Payloads ------------------------------------------------------------------------
def check_customer_uazapi(event_type, payload):
    """A WhatsApp ``messages`` event must name its chat (the customer's number)."""
    if event_type == "messages":
        _text(payload, "message.chatid")


def parse_uazapi(payload):
    """Uazapi (WhatsApp) ``{"EventType": "messages", "message": {"messageid": "3EB0…", …}}``.

    The key is the WhatsApp message id, ``message.messageid`` (or ``message.id``), required
    for ``messages`` events. Other events (``messages_update``, ``connection``…) carry no
    stable id: their key is ``<EventType>:`` + the message id if any, else the SHA-256 of
    the payload, so an identical redelivery is still a duplicate.
    """
    event_type = _text(payload, "EventType")
    message_id = _text(payload, "message.messageid", False) or _text(payload, "message.id", False)
    if event_type == "messages":
        if not message_id:
            raise MissingFieldError("message.messageid")
        event_id = message_id
    else:
        event_id = f"{event_type}:{message_id or body_digest(payload)}"
    return [_event(event_id, event_type, UAZAPI_EVENT_TYPES, object_id=message_id)]


def _whatsapp_number(jid):
    """``5511999990000@s.whatsapp.net`` → ``+5511999990000``; ``None`` for groups and
    anonymous ids (``…@g.us``, ``…@lid``)."""
    jid = _str(jid)
    if not jid or not jid.endswith(WHATSAPP_USER_SUFFIXES):
        return None
    digits = jid.split("@", 1)[0].split(":", 1)[0]
    return f"+{digits}" if digits.isdigit() else None


def uazapi_message(payload):
    """The message of a Uazapi ``messages`` event: ``{"EventType": "messages", "chat": {…},
    "message": {"messageid", "chatid", "sender", "senderName", "fromMe", "wasSentByApi",
    "isGroup", "messageType", "text", "content", "fileURL", "messageTimestamp"}}``.

    The customer is the chat (``chatid``), whoever wrote: a ``fromMe`` message is one the
    company sent from the phone (or WhatsApp Web) to that chat."""
    message = _dict(payload.get("message"))
    chat = _dict(payload.get("chat"))
    if not message:
        raise UnusableMessage("message")
    incoming = not message.get("fromMe")
    content = message.get("content")
    body = _str(message.get("text")) or (content.strip() if isinstance(content, str) else "")
    media = _http_urls([message.get("fileURL"), _dict(content).get("URL")])
    result = ConversationMessage(
        incoming=incoming,
        body=body,
        name=_str(message.get("senderName")) if incoming else _str(chat.get("name")),
        provider_id=_str(message.get("messageid")) or _str(message.get("id")),
        when=_timestamp(message.get("messageTimestamp")),
        media=media,
    )
    chatid = _str(message.get("chatid")) or _str(chat.get("wa_chatid"))
    if message.get("isGroup") or (chatid or "").endswith("@g.us"):
        result.skip = "group chat"
        return result
    if message.get("wasSentByApi"):
        result.skip = "sent through the API"
        return result
    result.phone = _whatsapp_number(chatid) or _whatsapp_number(message.get("sender_pn"))
    if not result.phone:
        raise UnusableMessage("message.chatid")
    return result


# Sending -------------------------------------------------------------------------
# Uazapi ------------------------------------------------------------------------------------
def send_uazapi(token, number, text, *, base_url, timeout=DEFAULT_TIMEOUT):
    """Send a WhatsApp text to ``number`` (E.164 or digits)."""
    headers = {"token": _need(token, "the instance token"), "Content-Type": "application/json"}
    digits = "".join(char for char in str(number) if char.isdigit())
    url = f"{_base(base_url, None)}/send/text"
    response, _latency = call(
        "POST", url, headers=headers, json={"number": digits, "text": text}, timeout=timeout, secrets=[token]
    )
    return _first_id(json_body(response, [token]), "messageid", "id")


def ping_uazapi(token, *, base_url, timeout=DEFAULT_TIMEOUT):
    headers = {"token": _need(token, "the instance token")}
    url = f"{_base(base_url, None)}/instance/status"
    return call("GET", url, headers=headers, timeout=timeout, secrets=[token])[1]


# Status receipts ---------------------------------------------------------------------------
RECEIPT_STATUSES = {
    "sent": "sent",
    "serverack": "sent",
    "delivered": "delivered",
    "deliveryack": "delivered",
    "read": "read",
    "readself": "read",
    "played": "read",
    "failed": "failed",
    "error": "failed",
}


def message_status(payload):
    """``(message ids, log status, when)`` of a ``messages_update`` receipt, or ``None``
    when it is not a receipt this addon understands.

    Uazapi forwards WhatsApp's receipts as ``{"EventType": "messages_update", "state":
    "Delivered", "event": {"MessageIDs": ["3EB0…"], "Type": "delivered", "Timestamp": …}}``;
    older servers send the message itself, ``{"message": {"messageid", "status"}}``. The
    status is read from ``event.Type``, ``state``, then ``message.status`` (any case)."""
    event = _dict(payload.get("event"))
    message = _dict(payload.get("message"))
    ids = [_str(value) for value in event.get("MessageIDs") or [] if _str(value)]
    if not ids:
        ids = [value for value in (_str(message.get("messageid")), _str(message.get("id"))) if value][:1]
    status = None
    for raw in (event.get("Type"), payload.get("state"), message.get("status")):
        status = RECEIPT_STATUSES.get((_str(raw) or "").lower().replace("_", ""))
        if status:
            break
    if not (ids and status):
        return None
    when = event.get("Timestamp") or message.get("messageTimestamp")
    return ids, status, when
