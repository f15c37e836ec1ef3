"""Shared pieces of webhook payload normalisation. Plain Python, no ORM.

Each provider's ``parse_<provider>(payload)`` (in ``tools/<provider>.py``) takes the decoded
JSON object of one delivery and returns a list of normalised events, dicts with at least:

* ``event_id``: the idempotency key, unique per channel (see each parser for its source);
* ``event_type``: the provider's event name;
* ``known``: whether the event type is one this addon understands. Unknown types are kept
  (stored as *ignored*) so that nothing a provider sends is lost, but never processed.

A payload without the fields needed for these raises :class:`MissingFieldError`, whose
``field`` names the missing field as a dotted path (for a 400 answer). The providers'
``check_customer_<provider>(event_type, payload)`` raise it too when an event that is filed
in a customer's chatter does not say who the customer is.
"""

import hashlib
import json

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
    """A non-empty id/name at ``path`` as text (ints accepted: some providers' ids are numbers)."""
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
