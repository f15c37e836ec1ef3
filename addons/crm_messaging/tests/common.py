"""Shared set-up of the crm_messaging tests: an encryption key and channel factories."""

import base64
import json

from odoo.addons.ops_base.tests.secret_key import use_secret_key

from ..tools import secret_box

TEST_KEY = base64.b64encode(b"crm_messaging test key, 32 bytes").decode()
QUO_SECRET = base64.b64encode(b"quo signing key for the tests!!!").decode()
CHATWOOT_SECRET = "chatwoot-webhook-secret-for-tests"
UAZAPI_TOKEN = "uazapi-token-4f9c2a7e1b"
API_KEY = "sk_live_abcdefghijklmnop1234"


class MessagingKeyMixin:
    """Installs :data:`TEST_KEY` as ``messaging_encryption_key`` for the test class and
    restores the previous configuration (and ``OPS_MESSAGING_KEY``) afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_secret_key(cls, secret_box, TEST_KEY)

    @classmethod
    def make_channel(cls, channel_type, secret=None, **values):
        """A channel of ``channel_type`` with its webhook secret (and an API key) set."""
        secrets = {"quo": QUO_SECRET, "chatwoot": CHATWOOT_SECRET, "uazapi": UAZAPI_TOKEN}
        vals = {"name": f"Test {channel_type}", "channel_type": channel_type, "api_key": API_KEY, **values}
        secret = secrets.get(channel_type) if secret is None else secret
        if secret:
            vals["webhook_secret"] = secret
        return cls.env["messaging.channel"].create(vals)


def quo_event(event_id="EVc86a5f1a1e2f4bbd9b4c0a7c3f2b1e10", message_id="AC3700e624eca547eb9f749a06f2eb1cf", **data):
    """A Quo ``message.received`` event as the provider sends it."""
    return {
        "id": event_id,
        "object": "event",
        "apiVersion": "v3",
        "createdAt": "2026-11-22T04:00:00.000Z",
        "type": "message.received",
        "data": {
            "object": {
                "id": message_id,
                "object": "message",
                "from": "+15555550123",
                "to": ["+15555550199"],
                "direction": "incoming",
                "body": "Olá, tudo bem?",
                "media": [],
                "status": "received",
                **data,
            }
        },
    }


def chatwoot_event(message_id=4242, event="message_created"):
    return {
        "event": event,
        "id": message_id,
        "content": "Preciso de um orçamento",
        "message_type": "incoming",
        "conversation": {"id": 17, "inbox_id": 3},
        "sender": {"id": 9, "name": "Maria", "phone_number": "+5511999990000"},
        "account": {"id": 1, "name": "Acme"},
    }


def uazapi_event(message_id="3EB0C767D26A1D8E5A41"):
    return {
        "EventType": "messages",
        "instanceName": "vendas",
        "message": {
            "messageid": message_id,
            "chatid": "5511999990000@s.whatsapp.net",
            "fromMe": False,
            "text": "Oi!",
            "messageTimestamp": 1763784000000,
        },
    }


def dumps(payload):
    return json.dumps(payload, ensure_ascii=False).encode()
