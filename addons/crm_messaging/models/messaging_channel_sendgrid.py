"""SendGrid plug-in: email (client: ``tools/sendgrid.py``). Outbound only: no webhooks.

An email channel: the composer offers it when the customer has an email address, the
message has a subject, and the email blacklist applies (see ``messaging.channel``).
"""

from odoo import fields, models

from ..tools import sendgrid


class MessagingChannel(models.Model):
    # One file per provider (the sms_twilio shape), by design:
    _inherit = "messaging.channel"  # pylint: disable=consider-merging-classes-inherited

    channel_type = fields.Selection(selection_add=[("sendgrid", "SendGrid")], ondelete={"sendgrid": "cascade"})

    def _sendgrid_address_kind(self):
        return "email"

    def _sendgrid_send(self, outbound):
        return sendgrid.send_sendgrid(
            self._get_secret("api_key"),
            self.sender_ref,
            outbound.recipient,
            outbound.subject,
            outbound.body,
            base_url=self.base_url,
        )

    def _sendgrid_ping(self):
        return sendgrid.ping_sendgrid(self._get_secret("api_key"), base_url=self.base_url)

    def _sendgrid_demo_secrets(self):
        api_key, _token = self._demo_secrets_default()
        return f"SG.{api_key}", False
