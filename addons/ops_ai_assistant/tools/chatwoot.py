"""Chatwoot: open a conversation for the human agents (the assistant handed it off).

``POST /api/v1/accounts/{account}/conversations/{id}/toggle_status`` with
``{"status": "open"}`` and the channel's ``api_access_token``; through ops_base's HTTP
helper (timeout, retryable classification, scrubbed token). Plain Python."""

from urllib.parse import quote

from odoo.addons.crm_messaging.tools.chatwoot import CHATWOOT_BASE, is_chatwoot_id
from odoo.addons.ops_base.tools.http import DEFAULT_TIMEOUT, HttpCallError, call, json_body


def open_conversation(api_token, account_id, conversation_id, *, base_url=None, timeout=DEFAULT_TIMEOUT):
    """Set Chatwoot conversation ``conversation_id`` to *open*; its new status."""
    account, conversation = str(account_id or "").strip(), str(conversation_id or "").strip()
    if not api_token or not (is_chatwoot_id(account) and is_chatwoot_id(conversation)):
        raise HttpCallError("Chatwoot: the token, account id and conversation id (digits) are required",
                            retryable=False)
    base = (base_url or CHATWOOT_BASE).rstrip("/")
    url = (f"{base}/api/v1/accounts/{quote(account, safe='')}/conversations/"
           f"{quote(conversation, safe='')}/toggle_status")
    response, _latency = call("POST", url, headers={"api_access_token": api_token}, json={"status": "open"},
                              timeout=timeout, secrets=[api_token])
    payload = json_body(response, [api_token])
    return (payload.get("payload") or {}).get("current_status") if isinstance(payload, dict) else None
