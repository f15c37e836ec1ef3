"""Demo data helper of channels (called from ``demo/messaging_demo.xml`` only)."""

import logging

from odoo import api, models

from ..tools import secret_box

_logger = logging.getLogger(__name__)

DEMO_SECRETS = {
    "quo": ("demo-quo-api-key-0001", "ZGVtbyBxdW8gc2lnbmluZyBrZXkgb2YgMzIgYnl0ZXM="),
    "uazapi": ("demo-uazapi-instance-token", "demo-uazapi-webhook-token-0001"),
    "chatwoot": ("demo-chatwoot-access-token", "demo-chatwoot-webhook-secret"),
    "sendgrid": ("SG.demo-sendgrid-api-key", False),
}


class MessagingChannel(models.Model):
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_set_credentials(self, channel_ids):
        """Dummy credentials on the demo channels, when the server has an encryption key."""
        try:
            secret_box.load_key()
        except secret_box.SecretBoxError:
            _logger.warning("crm_messaging demo: no encryption key configured, demo channels have no credentials")
            return
        for channel in self.browse(channel_ids).exists():
            api_key, webhook_secret = DEMO_SECRETS[channel.channel_type]
            channel.write({"api_key": api_key, **({"webhook_secret": webhook_secret} if webhook_secret else {})})
