"""Filing a conversation message (WhatsApp, Chatwoot) in the CRM: the provider-neutral part.

A provider's ``_process_<type>`` turns its payload into a
``tools.conversations.ConversationMessage`` and calls :meth:`_file_conversation_message`:

* the customer is found by, in order: the Chatwoot conversation already linked to a lead or
  partner, the phone (E.164, ``phone_validation``), the email; a partner → their open lead,
  else the partner; no partner → an open lead with that phone / email. A phone / email the
  channel does not verify (``identity_verified`` false) is not used at all: no match, no
  relink of someone else's record, no consent change;
* an incoming message from nobody known creates a ``crm.lead`` (source = the channel type,
  first message as description); an outgoing one (``fromMe``, a Chatwoot agent reply) never
  creates anything: filed when the customer is known, else the row is done with no effect;
* the message is logged (``messaging.message``) and posted, an incoming one as the
  customer's comment, an outgoing one as a note (direction, channel, body, media links, provider id,
  time), and an incoming consent keyword updates the ledger (see ``messaging_inbox_consent``).
"""

from markupsafe import Markup

from odoo import models
from odoo.tools import email_normalize


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"  # pylint: disable=consider-merging-classes-inherited

    def _file_conversation_message(self, message, lead_name):
        """File ``message`` (a ``ConversationMessage``); the lead or partner posted on, or
        ``None`` when there is nothing to file (``message.skip``, unknown outgoing)."""
        self.ensure_one()
        if message.skip or self._is_echo_of_outbound(message):
            return None
        phone = self._normalize_phone(message.phone) if message.phone else False
        email = email_normalize(message.email or "") or False
        if not message.identity_verified:
            phone = email = False  # typed by the sender: not proof of who they are
        self._lock_customer(phone or email or f"chatwoot:{message.conversation_id}")
        target, partner = self._find_contact(phone, email, message.conversation_id)
        if not target:
            if not message.incoming:
                return None
            if self._backfilling():
                # A customer unknown now: logged without one (nothing is created).
                key = ("phone_sanitized", phone) if phone else ("email_normalized", email)
                target = self._any_lead([(key[0], "=", key[1])]) if key[1] else None
            else:
                target = self._create_conversation_lead(phone, email, message, lead_name)
        address = phone or email or message.name or ""
        labels = self._direction_labels()
        links = self._media_links(message.media)
        html = self._message_html(
            labels[message.incoming],
            address,
            when=message.when,
            provider_id=message.provider_id,
            text=message.body,
            links=links,
        )
        incoming = message.incoming
        self._post(target, html, partner if incoming else False, address if incoming else False, incoming=incoming)
        self._log_message(
            target, partner, incoming=incoming, address=address, body=message.body, links=links,
            provider_id=message.provider_id, when=message.when, status="received" if incoming else "sent",
        )
        if message.conversation_id and target and not self._backfilling():
            target._link_chatwoot_conversation(self.channel_id, message.conversation_id)
        if message.incoming and phone:
            self._apply_consent_keyword(phone, message.body, target)
        return target

    def _is_echo_of_outbound(self, message):
        """Whether ``message`` is the provider's copy of a message Odoo sent (Chatwoot
        echoes our replies as ``outgoing`` webhooks): its trace is already in the chatter."""
        if message.incoming or not message.provider_id:
            return False
        return bool(self.env["messaging.outbound"].sudo().search_count([
            ("channel_id", "=", self.channel_id.id),
            ("provider_message_id", "=", message.provider_id),
        ], limit=1))

    def _lock_customer(self, key):
        """Serialise the processing of one customer's messages (see
        ``messaging.customer.lock``), so that parallel jobs create one lead, not two."""
        self.env["messaging.customer.lock"].sudo()._lock(self.channel_id.company_id, key)

    def _direction_labels(self):
        """``{incoming: label}`` of the chatter header, per channel type."""
        if self.channel_id.channel_type == "uazapi":
            return {True: self.env._("WhatsApp received"), False: self.env._("WhatsApp sent")}
        return {True: self.env._("Message received"), False: self.env._("Message sent")}

    def _find_contact(self, phone, email, conversation_id):
        """``(lead or partner to post on, partner)``; ``(None, empty partner)`` if unknown."""
        Partner = self.env["res.partner"]
        if conversation_id:
            linked = [
                ("chatwoot_conversation_id", "=", conversation_id),
                ("chatwoot_channel_id", "=", self.channel_id.id),
            ]
            lead = self._open_lead(linked)
            if lead:
                return lead, lead.partner_id
            partner = Partner.search(linked, limit=1)
            if partner:
                return self._open_lead([("partner_id", "=", partner.id)]) or partner, partner
        partner = phone and self._find_partner(phone)
        if not partner and email:
            partner = Partner.search(
                [("company_id", "in", [False, self.channel_id.company_id.id]), ("email_normalized", "=", email)],
                limit=1,
            )
        if partner:
            return self._open_lead([("partner_id", "=", partner.id)]) or partner, partner
        lead = phone and self._open_lead([("phone_sanitized", "=", phone)])
        if not lead and email:
            lead = self._open_lead([("email_normalized", "=", email)])
        return lead or None, Partner

    def _create_conversation_lead(self, phone, email, message, lead_name):
        description = Markup("<p>%s</p>") % message.body if message.body else Markup()
        typed = [value for value in (message.email, message.phone) if value and not message.identity_verified]
        if typed:
            # Kept for the salesperson, outside the contact fields that matching trusts.
            description += Markup("<p><i>%s</i></p>") % self.env._(
                "Contact details typed by the visitor, not verified: %s", ", ".join(typed)
            )
        return (
            self.env["crm.lead"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "name": lead_name,
                    "contact_name": message.name or False,
                    "phone": phone or False,
                    "email_from": email or False,
                    "description": description or False,
                    "source_id": self._utm_source().id,
                    "company_id": self.channel_id.company_id.id,
                    "user_id": False,
                }
            )
        )
