"""Webhook payloads of the demo conversations (``demo/messaging_demo.xml`` through each
channel's ``demo_payloads`` hook). Plain Python, no ORM."""


def _quo_sms(event_id, number, body):
    return {
        "id": event_id,
        "object": "event",
        "type": "message.received",
        "createdAt": "2026-11-20T13:05:00.000Z",
        "data": {
            "object": {
                "id": f"AC{event_id}",
                "object": "message",
                "from": number,
                "to": ["+5511900000000"],
                "direction": "incoming",
                "body": body,
                "media": [],
                "status": "received",
            }
        },
    }


def _quo_call(event_id, number):
    return {
        "id": event_id,
        "object": "event",
        "type": "call.completed",
        "createdAt": "2026-11-20T14:00:00.000Z",
        "data": {
            "object": {
                "id": f"AC{event_id}",
                "object": "call",
                "from": number,
                "to": "+5511900000000",
                "direction": "incoming",
                "status": "no-answer",
                "duration": 0,
                "answeredAt": None,
                "voicemail": {"url": "https://files.example.com/demo/voicemail.mp3"},
                "media": [],
            }
        },
    }


def _quo_reply(event_id, number, body):
    """An SMS the team sent from Quo's own app (Quo reports it with ``message.delivered``)."""
    payload = _quo_sms(event_id, number, body)
    payload.update(type="message.delivered", createdAt="2026-11-20T13:20:00.000Z")
    payload["data"]["object"].update(
        {
            "from": "+5511900000000",
            "to": [number],
            "direction": "outgoing",
            "status": "delivered",
            "createdAt": "2026-11-20T13:20:00.000Z",
        }
    )
    return payload


def _quo_answered_call(event_id, number):
    payload = _quo_call(event_id, number)
    payload["createdAt"] = "2026-11-20T15:00:00.000Z"
    payload["data"]["object"].update(
        {
            "status": "completed",
            "duration": 185,
            "answeredAt": "2026-11-20T15:00:05.000Z",
            "voicemail": None,
            "createdAt": "2026-11-20T15:00:00.000Z",
            "completedAt": "2026-11-20T15:03:10.000Z",
        }
    )
    return payload


def _quo_call_summary(event_id, call_id, summary, next_steps):
    return {
        "id": event_id,
        "object": "event",
        "type": "call.summary.completed",
        "createdAt": "2026-11-20T15:04:00.000Z",
        "data": {"object": {"callId": call_id, "summary": summary, "nextSteps": next_steps, "status": "completed"}},
    }


def _whatsapp(message_id, number, text, from_me=False):
    chatid = f"{number.lstrip('+')}@s.whatsapp.net"
    return {
        "EventType": "messages",
        "instanceName": "vendas",
        "chat": {"wa_chatid": chatid, "name": "Beatriz Costa"},
        "message": {
            "messageid": message_id,
            "chatid": chatid,
            "sender": chatid,
            "senderName": "Beatriz Costa",
            "fromMe": from_me,
            "isGroup": False,
            "wasSentByApi": False,
            "text": text,
            "messageTimestamp": 1763650000000,
        },
    }


def _chatwoot(message_id, content, message_type="incoming"):
    contact = {
        "id": 31,
        "name": "Carlos Mendes",
        "email": "carlos.mendes@example.com",
        "phone_number": "+5521987650001",
    }
    return {
        "event": "message_created",
        "id": message_id,
        "content": content,
        "message_type": message_type,
        "private": False,
        "created_at": "2026-11-21T10:00:00.000Z",
        "sender": contact if message_type == "incoming" else {"id": 1, "name": "Support", "type": "user"},
        "conversation": {"id": 1042, "inbox_id": 1, "meta": {"sender": contact}},
        "account": {"id": 1},
    }


def quo_demo_payloads():
    return [
        _quo_sms("EVdemo0001", "+5511912340001", "Olá! Vocês entregam em Campinas?"),
        _quo_sms("EVdemo0002", "+5511912340001", "Preciso de 20 caixas até sexta."),
        _quo_call("EVdemo0003", "+5511912340001"),
        _quo_sms("EVdemo0004", "+5511912340002", "SAIR"),
        _quo_reply("EVdemo0005", "+5511912340001", "Entregamos sim! Sexta-feira está confirmada."),
        _quo_answered_call("EVdemo0006", "+5511912340001"),
        _quo_call_summary(
            "EVdemo0007", "ACEVdemo0006", ["O cliente confirmou 20 caixas para sexta."], ["Enviar a proposta"]
        ),
    ]


def uazapi_demo_payloads():
    return [
        _whatsapp("3EB0DEMO0001", "+5511955550001", "Oi! Vi o anúncio, qual o prazo de entrega?"),
        _whatsapp("3EB0DEMO0002", "+5511955550001", "Oi Beatriz, 2 dias úteis.", from_me=True),
        _whatsapp("3EB0DEMO0003", "+5511955550001", "SIM"),
    ]


def chatwoot_demo_payloads():
    return [
        _chatwoot(90001, "Meu pedido 1234 chegou avariado."),
        _chatwoot(90002, "Sentimos muito! Vamos trocar ainda hoje.", "outgoing"),
    ]
