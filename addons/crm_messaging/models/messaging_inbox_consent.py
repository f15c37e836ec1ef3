"""Consent of inbound messages, on every channel (see ``messaging.consent``).

Keywords (``tools/keywords.py``, case- and accent-insensitive, the whole message only) are
configurable in Settings (``crm_messaging.opt_out_keywords``, ``…opt_in_keywords``,
``…confirm_keywords``: comma-separated). An opt-out keyword always opts out at once.

Without double opt-in, an opt-in keyword opts in, and so does a confirming word (YES, SIM,
ACEITO...) from a number that opted out (CTIA: YES re-subscribes). With the channel's ``double_opt_in``, a
first contact (no consent recorded for the number on this channel type) or an opt-in
keyword makes the consent *pending* and queues the verification message (see
``messaging_consent_double_opt_in``), noted in the chatter; a confirming reply (YES,
SIM…) to a pending request opts in.

The ledger is the history; Odoo's ``phone.blacklist`` follows it (see
``messaging.consent._sync_phone_blacklist``), so Odoo's own SMS and marketing tools
respect an opt-out too.
"""

from markupsafe import Markup

from odoo import models

from ..tools import keywords


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"  # pylint: disable=consider-merging-classes-inherited

    def _consent_keywords(self):
        param = self.env["ir.config_parameter"].sudo().get_param
        return {
            "opt_out": keywords.parse_keywords(param("crm_messaging.opt_out_keywords"), keywords.DEFAULT_OPT_OUT),
            "opt_in": keywords.parse_keywords(param("crm_messaging.opt_in_keywords"), keywords.DEFAULT_OPT_IN),
            "confirm": keywords.parse_keywords(param("crm_messaging.confirm_keywords"), keywords.DEFAULT_CONFIRM),
        }

    def _apply_consent_keyword(self, phone, body, target=None):
        """Update the consent of ``phone`` for an incoming message ``body`` posted on
        ``target`` (see the module docstring); the new consent state, or ``None``."""
        self.ensure_one()
        if self._backfilling():
            return None
        channel = self.channel_id
        reply = keywords.classify_reply(body, **self._consent_keywords())
        Consent = self.env["messaging.consent"]
        source = self.env._("Inbound keyword on %(channel)s", channel=channel.name)
        current = Consent._get_consent(phone, channel.channel_type)
        single = not channel.double_opt_in
        if reply == "opt_out" or (
            single and (reply == "opt_in" or (reply == "confirm" and current.state == "opted_out"))
        ):
            state = "opted_out" if reply == "opt_out" else "opted_in"
            Consent._record_consent(phone, channel.channel_type, state, source)
            return state
        if single:
            return None
        if reply == "confirm" and current.state == "pending" and current.requested_at:
            source = self.env._("Double opt-in confirmed on %s", channel.name)
            Consent._confirm_opt_in(phone, channel.channel_type, source)
            return "opted_in"
        if reply == "opt_in" or not current:
            consent = Consent._request_opt_in(phone, channel, self.env._("Double opt-in requested on %s", channel.name))
            consent._send_opt_in_request(target)
            if target:
                target.message_post(
                    body=Markup("<p><b>%s</b></p><p>%s</p>")
                    % (self.env._("Opt-in confirmation requested"), consent.request_text),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            return "pending"
        return None
