"""Outbound API clients of the built-in providers. Plain Python, no ORM.

Each provider has a ``send_*`` function (returns the provider's message id, or ``""`` when
the provider gives none) and a ``ping_*`` function (a cheap authenticated call used by
*Test connection*; returns the latency in ms). Credentials and base URLs are arguments, so
tests point the clients at a local server. Failures raise
:class:`~.provider_http.ProviderError` (see there for what is retryable).

* Quo (formerly OpenPhone): ``POST /v1/messages``, header ``Authorization: <api key>``,
  JSON ``{content, from, to: [E.164]}``; ``from`` is a phone number id (``PN…``) or E.164.
* Uazapi: ``POST /send/text``, header ``token: <instance token>``, JSON ``{number, text}``
  with the number in digits only. No public default server: the base URL is required.
* Chatwoot: ``POST /api/v1/accounts/{account}/conversations/{id}/messages``, header
  ``api_access_token``, JSON ``{content, message_type: "outgoing"}``.
* SendGrid: ``POST /v3/mail/send``, ``Authorization: Bearer <key>``; 202 means accepted,
  the message id comes back in the ``X-Message-Id`` header.
"""

import re
from urllib.parse import quote

from .provider_http import DEFAULT_TIMEOUT, ProviderError, call, json_body

QUO_BASE = "https://api.openphone.com"
CHATWOOT_BASE = "https://app.chatwoot.com"
SENDGRID_BASE = "https://api.sendgrid.com"


def _base(base_url, default):
    base = (base_url or default or "").strip().rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise ProviderError("the channel has no valid API base URL", retryable=False)
    return base


def _need(value, what):
    if not value:
        raise ProviderError(f"{what} is not configured", retryable=False)
    return value


def _first_id(data, *keys):
    """The first non-empty id among ``keys`` of ``data`` (or of ``data["data"]``)."""
    for container in (data, data.get("data") if isinstance(data, dict) else None):
        if isinstance(container, dict):
            for key in keys:
                if container.get(key):
                    return str(container[key])
    return ""


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


# Chatwoot ----------------------------------------------------------------------------------
CHATWOOT_ID = re.compile(r"[0-9]{1,18}")


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
        raise ProviderError("the Chatwoot account and conversation ids must be digits only", retryable=False)
    account, conversation = quote(account, safe=""), quote(conversation, safe="")
    url = f"{_base(base_url, CHATWOOT_BASE)}/api/v1/accounts/{account}/conversations/{conversation}/messages"
    payload = {"content": content, "message_type": "outgoing"}
    response, _latency = call("POST", url, headers=headers, json=payload, timeout=timeout, secrets=[api_token])
    return _first_id(json_body(response, [api_token]), "id")


def ping_chatwoot(api_token, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    headers = {"api_access_token": _need(api_token, "the API access token")}
    url = f"{_base(base_url, CHATWOOT_BASE)}/api/v1/profile"
    return call("GET", url, headers=headers, timeout=timeout, secrets=[api_token])[1]


# SendGrid ----------------------------------------------------------------------------------
def send_sendgrid(api_key, sender, to, subject, content, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    """Send a plain-text email from ``sender`` to ``to``; 202 = accepted for delivery."""
    headers = {"Authorization": f"Bearer {_need(api_key, 'the API key')}", "Content-Type": "application/json"}
    payload = {
        "personalizations": [{"to": [{"email": to}]}],
        "from": {"email": _need(sender, "the sender address")},
        "subject": subject or "",
        "content": [{"type": "text/plain", "value": content}],
    }
    url = f"{_base(base_url, SENDGRID_BASE)}/v3/mail/send"
    response, _latency = call(
        "POST", url, headers=headers, json=payload, timeout=timeout, secrets=[api_key], ok_statuses={200, 202}
    )
    return response.headers.get("X-Message-Id", "")


def ping_sendgrid(api_key, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    headers = {"Authorization": f"Bearer {_need(api_key, 'the API key')}"}
    url = f"{_base(base_url, SENDGRID_BASE)}/v3/scopes"
    return call("GET", url, headers=headers, timeout=timeout, secrets=[api_key])[1]
