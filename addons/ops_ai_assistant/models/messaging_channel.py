"""The assistant's switch on each channel, and the hand-off capability hook: a channel
type that can route a conversation to its human agents implements
``_<type>_ai_handoff(address)`` (Chatwoot: the conversation is set to *open*)."""

import logging

from odoo import fields, models

from odoo.addons.ops_base.tools.http import HttpCallError, job_retry_error

from ..tools import chatwoot

_logger = logging.getLogger(__name__)


class MessagingChannel(models.Model):
    _inherit = "messaging.channel"

    ai_enabled = fields.Boolean(
        string="AI Assistant Answers", groups="crm_messaging.group_messaging_manager", tracking=True,
        help="Inbound customer messages on this channel are answered by the AI assistant "
             "(within the business rules), or handed off to the salesperson.")

    def _ai_hand_off_at_provider(self, address):
        """Enqueue the provider-side hand-off of conversation ``address`` when this
        channel's type supports one."""
        self.ensure_one()
        if self._provider_method("ai_handoff"):
            self.sudo().with_delay(channel="root.ai", max_retries=6,
                                   description=f"Open conversation {address} for the agents")._ai_open_for_human(
                address)

    def _ai_open_for_human(self, address):
        """queue_job job: the provider-side hand-off (retried on 429 / 5xx / network)."""
        self.ensure_one()
        try:
            return self._provider_method("ai_handoff")(address)
        except HttpCallError as exc:
            if exc.retryable:
                raise job_retry_error(exc) from None
            _logger.warning("channel %s: hand-off of %s at the provider failed: %s", self.id, address, exc.message)
            return False

    def _chatwoot_ai_handoff(self, address):
        return chatwoot.open_conversation(self._get_secret("api_key"), self.account_ref, address,
                                          base_url=self.base_url)
