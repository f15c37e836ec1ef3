"""Twilio (Programmable Messaging, SMS) client: webhook signature, payloads, sending.
Plain Python, no ORM.

* Signature (``X-Twilio-Signature``): base64 of the HMAC-SHA1, keyed with the account's
  Auth Token, of the full URL Twilio requested followed by every POST parameter, sorted by
  name, as ``name + value`` (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
* Webhooks are form-encoded (``application/x-www-form-urlencoded``): an inbound SMS
  (``MessageSid``, ``From``, ``To``, ``Body``, ``NumMedia``, ``MediaUrl<n>``,
  ``SmsStatus=received``) or a status callback of a message we sent (``MessageSid``,
  ``MessageStatus``: queued / sent / delivered / undelivered / failed, ``ErrorCode``).
* Sending: ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``, HTTP basic auth
  (Account SID, Auth Token), form ``From`` (or ``MessagingServiceSid``), ``To``, ``Body``,
  ``StatusCallback``; the answer's ``sid`` is the message id. Failures raise ops_base's
  :class:`HttpCallError` (``ops_base/tools/http.py``).
"""

import base64
import hashlib
import hmac
import re
from urllib.parse import quote

from odoo.addons.ops_base.tools.http import DEFAULT_TIMEOUT, HttpCallError, call, json_body

from .payloads import MissingFieldError, _event
from .provider_client import _base, _first_id, _need
from .signatures import BAD_SIGNATURE, MISSING_SIGNATURE, SignatureError, _lower_headers

TWILIO_BASE = "https://api.twilio.com"
FORM_MIMETYPE = "application/x-www-form-urlencoded"
EVENT_TYPES = frozenset({"message.received", "message.status"})
ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
# Twilio's MessageStatus → the conversation log's status (``messaging.message``).
LOG_STATUSES = {
    "accepted": "queued",
    "scheduled": "queued",
    "queued": "queued",
    "sending": "queued",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
}


# Signature --------------------------------------------------------------------------------
def sign_twilio(url, params, auth_token):
    """The ``X-Twilio-Signature`` of a request to ``url`` with POST ``params`` (pairs)."""
    data = url + "".join(f"{name}{value}" for name, value in sorted(params, key=lambda pair: pair[0]))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def verify_twilio(url, params, headers, auth_token):
    """Raise :class:`SignatureError` unless ``X-Twilio-Signature`` matches ``url`` and the
    POST ``params`` (``[(name, value)]``); an empty Auth Token fails closed."""
    if not auth_token:
        raise SignatureError(BAD_SIGNATURE, "the Auth Token is not configured")
    given = _lower_headers(headers).get("x-twilio-signature")
    if not given:
        raise SignatureError(MISSING_SIGNATURE, "no X-Twilio-Signature header")
    expected = sign_twilio(url, params, auth_token)
    # Bytes, because compare_digest refuses non-ASCII str arguments.
    if not hmac.compare_digest(expected.encode(), str(given).strip().encode("utf-8", "replace")):
        raise SignatureError(BAD_SIGNATURE, "Twilio signature does not match")


# Payloads ---------------------------------------------------------------------------------
def _param(payload, name, required=True):
    value = payload.get(name)
    value = value.strip() if isinstance(value, str) else ""
    if not value and required:
        raise MissingFieldError(name)
    return value or None


def parse_twilio(payload):
    """The event of a form webhook (as a dict): ``message.received`` for an inbound SMS
    (key: the ``MessageSid``), ``message.status`` for a status callback (key:
    ``status:<MessageSid>:<MessageStatus>``, one per status reached)."""
    sid = _param(payload, "MessageSid")
    status = _param(payload, "MessageStatus", required=False)
    if status and status != "received":
        return [_event(f"status:{sid}:{status}", "message.status", EVENT_TYPES, object_id=sid)]
    _param(payload, "From")
    return [_event(sid, "message.received", EVENT_TYPES, object_id=sid)]


def media_urls(payload):
    """The ``MediaUrl<n>`` of an inbound message, in order."""
    try:
        count = min(int(payload.get("NumMedia") or 0), 10)
    except ValueError:
        count = 0
    urls = [payload.get(f"MediaUrl{index}") for index in range(count)]
    return [url for url in urls if isinstance(url, str) and url.startswith(("https://", "http://"))]


def message_status(payload):
    """``(message sid, log status, error)`` of a status callback, or ``None``."""
    status = LOG_STATUSES.get((payload.get("MessageStatus") or "").strip().lower())
    sid = _param(payload, "MessageSid", required=False)
    if not (status and sid):
        return None
    error = None
    if status == "failed":
        code = (payload.get("ErrorCode") or "").strip()
        error = f"Twilio: {payload.get('MessageStatus')}" + (f" (error {code})" if code else "")
    return sid, status, error


# Sending ----------------------------------------------------------------------------------
def _account(account_sid):
    account = _need((account_sid or "").strip(), "the Twilio Account SID")
    if not ACCOUNT_SID.fullmatch(account):
        raise HttpCallError("the Twilio Account SID must be AC followed by 32 hexadecimal digits", retryable=False)
    return quote(account, safe="")


def send_twilio(account_sid, auth_token, sender, to, body, *, status_callback=None, base_url=None,
                timeout=DEFAULT_TIMEOUT):
    """Send an SMS from ``sender`` (an E.164 number, or a Messaging Service SID ``MG…``)."""
    account = _account(account_sid)
    sender = _need(sender, "the sender number")
    data = {"To": to, "Body": body, ("MessagingServiceSid" if sender.startswith("MG") else "From"): sender}
    if status_callback:
        data["StatusCallback"] = status_callback
    url = f"{_base(base_url, TWILIO_BASE)}/2010-04-01/Accounts/{account}/Messages.json"
    token = _need(auth_token, "the Auth Token")
    response, _latency = call("POST", url, data=data, auth=(account_sid, token), timeout=timeout, secrets=[token])
    return _first_id(json_body(response, [token]), "sid")


def ping_twilio(account_sid, auth_token, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    account = _account(account_sid)
    token = _need(auth_token, "the Auth Token")
    url = f"{_base(base_url, TWILIO_BASE)}/2010-04-01/Accounts/{account}.json"
    return call("GET", url, auth=(account_sid, token), timeout=timeout, secrets=[token])[1]
