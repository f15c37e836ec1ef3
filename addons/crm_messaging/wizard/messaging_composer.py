"""*Send SMS / WhatsApp* composer, opened from a lead or a partner.

Offers the active channels of the record's company (of the current company when the
record has none) that can reach the customer: Quo (SMS) and Uazapi (WhatsApp) when there
is a phone number, a Chatwoot reply when the lead has a ``chatwoot_conversation_id``, an
email through SendGrid when there is an email address. Sending creates a
``messaging.outbound`` (see there: queued, then sent by a job); a recipient who opted out
is refused with a clear message, and the refusal is logged in the chatter.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..tools import senders

SUPPORTED_MODELS = ("crm.lead", "res.partner")


class MessagingComposer(models.TransientModel):
    _name = "messaging.composer"
    _description = "Send SMS / WhatsApp"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Integer(string="Document ID", required=True, readonly=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    available_channel_ids = fields.Many2many(
        "messaging.channel", string="Available Channels", compute="_compute_available_channel_ids"
    )
    channel_id = fields.Many2one(
        "messaging.channel",
        domain="[('id', 'in', available_channel_ids)]",
        compute="_compute_channel_id",
        store=True,
        readonly=False,
    )
    channel_type = fields.Selection(related="channel_id.channel_type")
    recipient = fields.Char(string="To", compute="_compute_recipient", store=True, readonly=False)
    template_id = fields.Many2one(
        "messaging.template",
        domain="[('channel_type', 'in', [False, channel_type]), ('company_id', 'in', [False, company_id])]",
    )
    subject = fields.Char(compute="_compute_message", store=True, readonly=False)
    body = fields.Text(compute="_compute_message", store=True, readonly=False)
    consent_warning = fields.Char(compute="_compute_consent_warning")

    @api.model
    def default_get(self, fields_list):
        # reachable over RPC: only users who may use the composer get its defaults
        self.check_access("create")
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") in SUPPORTED_MODELS and context.get("active_id"):
            values.setdefault("res_model", context["active_model"])
            values.setdefault("res_id", context["active_id"])
        return values

    # Record, partner, channels -------------------------------------------------------------
    def _record(self):
        self.ensure_one()
        if self.res_model not in SUPPORTED_MODELS:
            raise UserError(self.env._("Messages can only be sent from a lead or a contact."))
        return self.env[self.res_model].browse(self.res_id).exists()

    def _partner(self):
        record = self._record()
        return record.partner_id if record._name == "crm.lead" else record

    @api.depends("res_model", "res_id")
    def _compute_company_id(self):
        for wizard in self:
            record = wizard._record() if wizard.res_model and wizard.res_id else None
            wizard.company_id = (record and record.company_id) or self.env.company

    @api.depends("res_model", "res_id", "company_id")
    def _compute_available_channel_ids(self):
        for wizard in self:
            types = wizard._reachable_types() if wizard.res_model and wizard.res_id else []
            channels = self.env["messaging.channel"].search(
                [("company_id", "=", wizard.company_id.id), ("channel_type", "in", types)]
            )
            conversation_channel = wizard._chatwoot_link()[1] if "chatwoot" in types else None
            if conversation_channel:
                # The conversation lives in one Chatwoot account: reply through that one.
                chatwoot = channels.filtered(lambda channel: channel.channel_type == "chatwoot")
                channels -= chatwoot - conversation_channel
            wizard.available_channel_ids = channels

    def _chatwoot_link(self):
        """``(conversation id, Chatwoot channel or None)`` of the record. The channel link
        (``chatwoot_channel_id``) and the partners' conversations come with the inbound
        side (``messaging.chatwoot.conversation.mixin``); without it only leads have one."""
        record = self._record()
        conversation = record.chatwoot_conversation_id if "chatwoot_conversation_id" in record._fields else False
        channel = record.chatwoot_channel_id if "chatwoot_channel_id" in record._fields else None
        return conversation, channel

    def _reachable_types(self):
        """The channel types that can reach the record's customer."""
        record, partner = self._record(), self._partner()
        types = []
        if record.phone or partner.phone:
            types += ["quo", "uazapi"]
        if self._chatwoot_link()[0]:
            types.append("chatwoot")
        if record.email_from if record._name == "crm.lead" else record.email:
            types.append("sendgrid")
        return types

    @api.depends("available_channel_ids")
    def _compute_channel_id(self):
        for wizard in self:
            if wizard.channel_id not in wizard.available_channel_ids:
                wizard.channel_id = wizard.available_channel_ids[:1]

    @api.depends("channel_id")
    def _compute_recipient(self):
        for wizard in self:
            wizard.recipient = wizard._default_recipient() if wizard.channel_id else False

    def _default_recipient(self):
        record, partner = self._record(), self._partner()
        kind = self.channel_id.channel_type
        if kind == "chatwoot":
            return self._chatwoot_link()[0]
        if kind == "sendgrid":
            return (record.email_from if record._name == "crm.lead" else record.email) or partner.email
        return self._normalize_phone(record.phone or partner.phone)

    def _normalize_phone(self, number):
        if not number:
            return False
        country = self._partner().country_id or self.company_id.country_id or self.env.ref("base.br")
        return self.env["res.partner"]._phone_format(number=number, country=country) or number

    @api.depends("template_id")
    def _compute_message(self):
        """Choosing a template fills subject and text; they stay editable."""
        for wizard in self:
            if wizard.template_id:
                wizard.subject, wizard.body = wizard.template_id._render_on(wizard._record())
            else:
                wizard.subject = wizard.subject or False
                wizard.body = wizard.body or False

    @api.depends("channel_id", "recipient")
    def _compute_consent_warning(self):
        for wizard in self:
            wizard.consent_warning = False
            if wizard.channel_id and wizard.recipient:
                reason = self.env["messaging.outbound"].new(wizard._outbound_values())._blocked_reason()
                wizard.consent_warning = reason or False

    # Sending -------------------------------------------------------------------------------
    def _outbound_values(self):
        self.ensure_one()
        recipient = (self.recipient or "").strip()
        if self.channel_type in ("quo", "uazapi"):
            recipient = self._normalize_phone(recipient)
        elif self.channel_type == "sendgrid":
            recipient = email_normalize(recipient) or recipient
        return {
            "channel_id": self.channel_id.id,
            "res_model": self.res_model,
            "res_id": self.res_id,
            "partner_id": self._partner().id,
            "recipient": recipient,
            "subject": self.subject if self.channel_type == "sendgrid" else False,
            "body": self.body,
        }

    def action_send(self):
        """Queue the message; a notification tells whether it was queued or blocked."""
        self.ensure_one()
        record = self._record()
        if not record:
            raise UserError(self.env._("The document this message was written from no longer exists."))
        record.check_access("read")
        if not self.channel_id or self.channel_id not in self.available_channel_ids:
            raise UserError(self.env._("Choose a channel that can reach this customer."))
        if not (self.recipient or "").strip():
            raise UserError(self.env._("The message has no recipient."))
        if not (self.body or "").strip():
            raise UserError(self.env._("The message is empty."))
        if self.channel_type == "sendgrid" and not email_normalize(self.recipient):
            raise UserError(self.env._("%s is not a valid email address.", self.recipient))
        if self.channel_type == "chatwoot" and not senders.is_chatwoot_id(self.recipient.strip()):
            raise UserError(
                self.env._("%s is not a Chatwoot conversation id: it must contain digits only.", self.recipient)
            )
        # Outbound rows are created only here, after the checks above (users cannot create
        # them directly): sudo, but ``user_id`` and the chatter author stay the sender.
        outbound = self.env["messaging.outbound"].sudo()._queue([self._outbound_values()])
        if outbound.state == "blocked":
            return self.channel_id._notify(self.env._("Message not sent"), outbound.last_error, "warning")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Message queued"),
                "message": self.env._("It will be sent through %s in a moment.", self.channel_id.name),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
