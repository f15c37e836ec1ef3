"""Normalisation of verified webhook payloads (Quo, Chatwoot, Uazapi). Plain Python, no ORM.

Each ``parse_<provider>(payload)`` takes the decoded JSON object of one delivery and returns
a list of normalised events, dicts with at least:

* ``event_id``: the idempotency key, unique per channel (see each parser for its source);
* ``event_type``: the provider's event name;
* ``known``: whether the event type is one this addon understands. Unknown types are kept
  (stored as *ignored*) so that nothing a provider sends is lost, but never processed.

A payload without the fields needed for these raises :class:`MissingFieldError`, whose
``field`` names the missing field as a dotted path (for a 400 answer). The
``check_customer_<provider>(event_type, payload)`` functions raise it too when an event
that is filed in a customer's chatter does not say who the customer is.
"""

import hashlib
import json

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
UAZAPI_EVENT_TYPES = frozenset({"messages", "messages_update", "connection", "call"})
# Events that are filed in a customer's chatter: they must say who the customer is.
QUO_CUSTOMER_EVENTS = frozenset({"message.received", "message.delivered", "call.completed"})

# Provider ids are short; a longer one is garbage and would bloat the unique index.
MAX_ID_LENGTH = 255


class MissingFieldError(ValueError):
    """A field the webhook needs is absent, empty or of the wrong type."""

    def __init__(self, field):
        super().__init__(f"missing or invalid field: {field}")
        self.field = field


def _get(payload, path):
    """The value at a dotted ``path`` of nested dicts, or ``None``."""
    value = payload
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _text(payload, path, required=True):
    """A non-empty id/name at ``path`` as text (ints accepted: Chatwoot ids are numbers)."""
    value = _get(payload, path)
    if isinstance(value, bool) or not isinstance(value, str | int):
        value = None
    value = str(value).strip() if value is not None else ""
    if len(value) > MAX_ID_LENGTH:
        value = ""
    if not value and required:
        raise MissingFieldError(path)
    return value or None


def _event(event_id, event_type, known_types, **extra):
    return {"event_id": event_id, "event_type": event_type, "known": event_type in known_types, **extra}


def body_digest(payload):
    """A stable id for a payload that carries none: the SHA-256 of its canonical JSON."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


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


def check_customer_uazapi(event_type, payload):
    """A WhatsApp ``messages`` event must name its chat (the customer's number)."""
    if event_type == "messages":
        _text(payload, "message.chatid")


def check_customer_chatwoot(event_type, payload):
    """A Chatwoot ``message_created`` event must name its conversation."""
    if event_type == "message_created":
        _text(payload, "conversation.id")


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


def parse_chatwoot(payload):
    """Chatwoot ``{"event": "message_created", "id": 123, …}``: the key is ``<event>:<id>``,
    because ``id`` is the id of the message, conversation or contact the event is about and
    different events share it (``message_created`` and ``message_updated``)."""
    event_type = _text(payload, "event")
    object_id = _text(payload, "id")
    return [_event(f"{event_type}:{object_id}", event_type, CHATWOOT_EVENT_TYPES, object_id=object_id)]


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
