"""Webhook plug-ins of the built-in providers: ``_<type>_verify`` and ``_<type>_parse``.

Another provider (Twilio, Telegram...) adds its type with ``selection_add`` and the same
pair of methods in its own ``_inherit = "messaging.channel"`` class.
"""

from odoo import models

from ..tools import payloads, signatures

UAZAPI_TOKEN_HEADER = "X-Uazapi-Token"  # noqa: S105 (a header name, not a secret)


class MessagingChannel(models.Model):
    _inherit = "messaging.channel"

    # Quo (formerly OpenPhone): SMS and calls -----------------------------------------
    def _quo_verify(self, request_data):
        """Legacy ``openphone-signature`` or Standard Webhooks headers, keyed with the
        channel's webhook secret (the signing key shown by Quo, base64)."""
        signatures.verify_quo(request_data["body"], request_data["headers"], self._get_secret("webhook_secret"))

    def _quo_parse(self, payload):
        return payloads.parse_quo(payload)

    # Chatwoot --------------------------------------------------------------------------
    def _chatwoot_verify(self, request_data):
        """``X-Chatwoot-Signature`` / ``X-Chatwoot-Timestamp``, keyed with the webhook secret."""
        signatures.verify_chatwoot(request_data["body"], request_data["headers"], self._get_secret("webhook_secret"))

    def _chatwoot_parse(self, payload):
        return payloads.parse_chatwoot(payload)

    # Uazapi (WhatsApp) -----------------------------------------------------------------
    def _uazapi_verify(self, request_data):
        """Uazapi signs nothing: the channel's webhook secret, compared in constant time,
        comes in the ``X-Uazapi-Token`` header when the sender can set headers (a proxy, a
        relay), else as ``?token=`` in the URL registered at Uazapi, whose webhooks cannot
        carry custom headers (masked in the access log, see ``tools/log_filter.py``)."""
        headers = {name.lower(): value for name, value in request_data["headers"].items()}
        given = headers.get(UAZAPI_TOKEN_HEADER.lower())
        if given is None:
            given = request_data["args"].get("token")
        signatures.verify_token(given, self._get_secret("webhook_secret"))

    def _uazapi_parse(self, payload):
        return payloads.parse_uazapi(payload)
