"""*Send SMS / WhatsApp* composer, opened from a lead or a partner.

Offers the active channels of the record's company (of the current company when the
record has none) that can reach the customer: each channel says so (its provider hooks,
see ``messaging.channel``: a phone channel when there is a phone number, an email channel
when there is an email address, a conversation reply when the record is linked to one),
proposes the recipient and checks it. Sending creates a
``messaging.outbound`` (see there: queued, then sent by a job); a recipient who opted out
is refused with a clear message, and the refusal is logged in the chatter.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    uses_subject = fields.Boolean(compute="_compute_uses_subject")

    @api.depends("channel_id")
    def _compute_uses_subject(self):
        for wizard in self:
            wizard.uses_subject = bool(wizard.channel_id) and wizard.channel_id._uses_subject()

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
            if not (wizard.res_model and wizard.res_id):
                wizard.available_channel_ids = False
                continue
            record, partner = wizard._record(), wizard._partner()
            channels = self.env["messaging.channel"].search([("company_id", "=", wizard.company_id.id)])
            wizard.available_channel_ids = channels.filtered(
                lambda channel, record=record, partner=partner: channel._can_reach(record, partner)
            )

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
        return self.channel_id._default_recipient(self._record(), self._partner(), self._country())

    def _country(self):
        """The country of national numbers: the customer's, else the company's, else Brazil."""
        return self._partner().country_id or self.company_id.country_id or self.env.ref("base.br")

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
        recipient = self.channel_id._clean_recipient(self.recipient, self._country()) if self.channel_id else False
        return {
            "channel_id": self.channel_id.id,
            "res_model": self.res_model,
            "res_id": self.res_id,
            "partner_id": self._partner().id,
            "recipient": recipient,
            "subject": self.subject if self.channel_id._uses_subject() else False,
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
        self.channel_id._check_recipient(self.recipient.strip())
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
