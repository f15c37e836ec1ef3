"""The conversation message inside a stored event, whatever the provider. Plain Python, no ORM.

A provider's ``<provider>_message(payload)`` (``tools/<provider>.py``) returns a
:class:`ConversationMessage` with what processing needs; a payload that is not a usable
message raises :class:`UnusableMessage` with the dotted path of the missing field (the inbox
row then shows it as its error).

``skip`` is set (and the message is not processed) for messages that are not part of a
customer conversation: group chats, messages our own outbound side sent through the API
(already in the chatter), private notes and activity lines.
"""

import dataclasses
import datetime


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
    # False when the phone / email are only what the sender typed (an unverified provider
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
