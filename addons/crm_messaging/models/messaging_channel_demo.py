"""Demo data helper of channels (called from ``demo/messaging_demo.xml`` only)."""

import base64
import logging
import secrets

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import secret_box
from .messaging_channel import SECRET_FIELDS

_logger = logging.getLogger(__name__)


# Fixed values that versions before 19.0.1.0.1 set on the demo channels: public, so they
# made forged webhooks valid on every demo database (replaced by the migration).
PUBLISHED_DEMO_SECRETS = frozenset(
    {
        "demo-quo-api-key-0001",
        "ZGVtbyBxdW8gc2lnbmluZyBrZXkgb2YgMzIgYnl0ZXM=",
        "demo-uazapi-instance-token",
        "demo-uazapi-webhook-token-0001",
        "demo-chatwoot-access-token",
        "demo-chatwoot-webhook-secret",
        "SG.demo-sendgrid-api-key",
    }
)


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

    @api.model
    def _demo_rotate_published_credentials(self):
        """Replace, on every channel, a credential equal to one of the published demo
        values by a random one (called by the 19.0.1.0.1 migration); the channels changed."""
        if not secret_box.is_configured():
            return self.browse()
        changed = self.browse()
        for channel in self.with_context(active_test=False).search([]):
            fresh = dict(zip(SECRET_FIELDS, _demo_secrets(channel.channel_type), strict=True))
            values = {}
            for name in SECRET_FIELDS:
                try:
                    stale = channel._get_secret(name) in PUBLISHED_DEMO_SECRETS
                except UserError:
                    continue
                if stale:
                    values[name] = fresh[name] or secrets.token_urlsafe(32)
            if values:
                channel.write(values)
                changed |= channel
        if changed:
            _logger.warning("crm_messaging: published demo credentials replaced on channels %s", changed.ids)
        return changed
