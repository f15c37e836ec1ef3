"""The conversation message inside a stored Uazapi or Chatwoot event. Plain Python, no ORM.

``uazapi_message(payload)`` and ``chatwoot_message(payload)`` return a
:class:`ConversationMessage` with what processing needs, whatever the provider's shape;
a payload that is not a usable message raises :class:`UnusableMessage` with the dotted
path of the missing field (the inbox row then shows it as its error).

``skip`` is set (and the message is not processed) for messages that are not part of a
customer conversation: WhatsApp group chats, messages our own outbound side sent through
the API (``wasSentByApi``: already in the chatter), Chatwoot private notes and activity
lines ("Conversation was resolved").
"""

import dataclasses
import datetime

WHATSAPP_USER_SUFFIXES = ("@s.whatsapp.net", "@c.us")
CHATWOOT_TYPES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}


class UnusableMessage(ValueError):
    """The payload lacks what is needed to file the message (``field`` says what)."""

    def __init__(self, field):
        super().__init__(f"{field} is missing or invalid")
        self.field = field


@dataclasses.dataclass
class ConversationMessage:
    incoming: bool
    body: str = ""
    phone: str | None = None
    email: str | None = None
    name: str | None = None
    provider_id: str | None = None
    when: str | None = None
    media: list = dataclasses.field(default_factory=list)
    conversation_id: str | None = None
    skip: str | None = None
    inbox_id: str | None = None
    # False when the phone / email are only what the sender typed (an unverified Chatwoot
    # inbox): they are then never used to find, relink or change the consent of anyone.
    identity_verified: bool = True


def _dict(value):
    return value if isinstance(value, dict) else {}


def _str(value):
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip() if isinstance(value, str | int) else ""
    return text or None


def _timestamp(value):
    """Epoch seconds or milliseconds → ISO UTC text; text is returned as it is."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            stamp = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return stamp.strftime("%Y-%m-%d %H:%M:%S UTC")
    return _str(value)


def _http_urls(values):
    return [url for url in values if isinstance(url, str) and url.startswith(("https://", "http://"))]


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
