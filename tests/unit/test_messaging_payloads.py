"""Normalisation of webhook payloads (crm_messaging/tools/<provider>.py, shared parts in payloads.py)."""

import pytest

from odoo.addons.crm_messaging.tools.chatwoot import parse_chatwoot
from odoo.addons.crm_messaging.tools.payloads import MissingFieldError
from odoo.addons.crm_messaging.tools.quo import parse_quo
from odoo.addons.crm_messaging.tools.uazapi import parse_uazapi


def test_quo_event_id_then_object_id():
    payload = {"id": "EV1", "type": "message.received", "data": {"object": {"id": "AC9"}}}
    [event] = parse_quo(payload)
    assert (event["event_id"], event["event_type"], event["known"], event["object_id"]) == (
        "EV1",
        "message.received",
        True,
        "AC9",
    )
    [event] = parse_quo({"type": "call.completed", "data": {"object": {"id": "AC9"}}})
    assert event["event_id"] == "call.completed:AC9"
    assert parse_quo({"id": "EV2", "type": "brand.new"})[0]["known"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"id": "EV1"}, "type"),
        ({"type": "message.received"}, "data.object.id"),
        ({"type": ["x"], "id": "EV1"}, "type"),
        ({"type": "message.received", "id": "E" * 300, "data": {}}, "data.object.id"),
    ],
)
def test_quo_missing_fields(payload, field):
    with pytest.raises(MissingFieldError) as caught:
        parse_quo(payload)
    assert caught.value.field == field


def test_chatwoot_key_is_event_and_id():
    assert parse_chatwoot({"event": "message_created", "id": 42})[0]["event_id"] == "message_created:42"
    with pytest.raises(MissingFieldError):
        parse_chatwoot({"event": "message_created", "id": True})
    with pytest.raises(MissingFieldError):
        parse_chatwoot({"id": 42})


def test_uazapi_message_id_and_other_events():
    [event] = parse_uazapi({"EventType": "messages", "message": {"messageid": "3EB0"}})
    assert event["event_id"] == "3EB0" and event["known"]
    with pytest.raises(MissingFieldError) as caught:
        parse_uazapi({"EventType": "messages", "message": {}})
    assert caught.value.field == "message.messageid"
    first = parse_uazapi({"EventType": "connection", "status": "open"})[0]["event_id"]
    again = parse_uazapi({"status": "open", "EventType": "connection"})[0]["event_id"]
    assert first == again and first.startswith("connection:sha256:")
