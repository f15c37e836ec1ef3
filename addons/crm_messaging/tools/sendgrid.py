"""SendGrid client (email). Plain Python, no ORM.

``POST /v3/mail/send``, ``Authorization: Bearer <key>``; 202 means accepted, the message id
comes back in the ``X-Message-Id`` header. Failures raise ops_base's :class:`HttpCallError`.
"""

from odoo.addons.ops_base.tools.http import DEFAULT_TIMEOUT, call

from .provider_client import _base, _need

SENDGRID_BASE = "https://api.sendgrid.com"


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
