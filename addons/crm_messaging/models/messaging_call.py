"""Phone calls as records: one row per provider call and channel.

Rows are written by inbox processing only (as the superuser): a provider's call event
creates or completes the row of its call (:meth:`_upsert`), so events about one call that
arrive in any order (Quo's ``call.completed``, then ``call.summary.completed`` and
``call.transcript.completed``) end on one record. Messaging users read them.
"""

from odoo import api, fields, models


class MessagingCall(models.Model):
    _name = "messaging.call"
    _description = "Phone Call"
    _order = "started_at desc, id desc"

    channel_id = fields.Many2one("messaging.channel", required=True, index=True, ondelete="cascade", readonly=True)
    channel_type = fields.Selection(related="channel_id.channel_type", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    provider_call_id = fields.Char(string="Provider Call ID", required=True, readonly=True)
    direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")], index=True, readonly=True)
    from_number = fields.Char(string="From", readonly=True)
    to_number = fields.Char(string="To", readonly=True)
    address = fields.Char(string="Customer Number", index=True, readonly=True, help="The customer's E.164 number.")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null", ondelete="set null", readonly=True
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Lead/Opportunity", index="btree_not_null", ondelete="set null", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", compute="_compute_user_id")
    started_at = fields.Datetime(string="Started", index=True, readonly=True)
    answered_at = fields.Datetime(readonly=True)
    ended_at = fields.Datetime(string="Ended", readonly=True)
    duration = fields.Integer(string="Duration (s)", readonly=True, aggregator="sum")
    answered = fields.Boolean(readonly=True)
    missed = fields.Boolean(compute="_compute_missed", store=True, index=True, help="An incoming call nobody answered.")
    status = fields.Char(string="Provider Status", readonly=True)
    voicemail_url = fields.Char(string="Voicemail", readonly=True)
    recording_urls = fields.Text(string="Recordings", readonly=True, help="One link a line.")
    summary = fields.Text(readonly=True)
    transcript = fields.Text(readonly=True)
    inbox_id = fields.Many2one(
        "messaging.inbox", string="Inbound Event", index="btree_not_null", ondelete="set null", readonly=True
    )

    _provider_call_unique = models.UniqueIndex(
        "(channel_id, provider_call_id)", "This provider call is already recorded for this channel."
    )

    @api.depends("direction", "answered")
    def _compute_missed(self):
        for call in self:
            call.missed = call.direction == "inbound" and not call.answered

    @api.depends("lead_id.user_id", "partner_id.user_id")
    def _compute_user_id(self):
        for call in self:
            call.user_id = call.lead_id.user_id or call.partner_id.user_id

    @api.depends("direction", "address", "started_at")
    def _compute_display_name(self):
        labels = dict(self._fields["direction"]._description_selection(self.env))
        for call in self:
            call.display_name = " ".join(filter(None, (labels.get(call.direction), call.address)))

    @api.model
    def _upsert(self, channel, call_id, vals):
        """Create or complete the call ``call_id`` of ``channel`` with ``vals`` (falsy
        values never erase what another event recorded); the row. The caller holds the
        call's customer lock (``messaging.customer.lock``), so two events of one call
        processed at once cannot both create it."""
        Call = self.sudo()
        call = Call.search([("channel_id", "=", channel.id), ("provider_call_id", "=", call_id)], limit=1)
        keep_false = ("answered", "duration")
        values = {key: value for key, value in vals.items() if value or (key in keep_false and value is not None)}
        if call:
            call.write(values)
            return call
        return Call.create(
            {"channel_id": channel.id, "company_id": channel.company_id.id, "provider_call_id": call_id, **values}
        )
