"""Demo data helper of channels (called from ``demo/messaging_demo.xml`` only)."""

import base64
import logging
import secrets

from odoo import api, models

from ..tools import secret_box

_logger = logging.getLogger(__name__)


def _demo_secrets(channel_type):
    """``(api key, webhook secret)`` of a demo channel: random on every database, so that
    no published value makes forged webhooks valid on a demo database."""
    api_key = f"demo-{channel_type}-{secrets.token_urlsafe(24)}"
    if channel_type == "sendgrid":
        return f"SG.{api_key}", False
    if channel_type == "quo":
        return api_key, base64.b64encode(secrets.token_bytes(32)).decode()  # Quo: a base64 key
    return api_key, secrets.token_urlsafe(32)


class MessagingChannel(models.Model):
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_set_credentials(self, channel_ids):
        """Random dummy credentials on the demo channels, when the server has an encryption
        key (a manager sees them masked and replaces them with the real ones)."""
        try:
            secret_box.load_key()
        except secret_box.SecretBoxError:
            _logger.warning("crm_messaging demo: no encryption key configured, demo channels have no credentials")
            return
        for channel in self.browse(channel_ids).exists():
            api_key, webhook_secret = _demo_secrets(channel.channel_type)
            channel.write({"api_key": api_key, **({"webhook_secret": webhook_secret} if webhook_secret else {})})
