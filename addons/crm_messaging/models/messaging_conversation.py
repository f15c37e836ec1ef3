"""One line per customer conversation, across channels (a read-only SQL view on the
conversation log, ``messaging.message``).

The customer of a message is its partner when known, else its lead: ``id`` is
``partner_id * 2`` or ``lead_id * 2 + 1`` (stable, and never the same for a partner and a
lead). A conversation is *waiting for a reply* when its last message is inbound.
"""

from odoo import fields, models, tools
from odoo.tools import SQL

# The conversation key of a ``messaging_message`` row aliased ``m`` (see the docstring).
CONVERSATION_KEY = "CASE WHEN m.partner_id IS NOT NULL THEN m.partner_id * 2 ELSE m.lead_id * 2 + 1 END"


class MessagingConversation(models.Model):
    _name = "messaging.conversation"
    _description = "Customer Conversation"
    _auto = False
    _order = "waiting_reply desc, last_message_at desc"
    _rec_name = "customer_name"
    _depends = {
        "messaging.message": ["partner_id", "lead_id", "channel_id", "company_id", "date", "direction", "body"],
        "crm.lead": ["user_id", "contact_name", "name", "last_inbound_at", "last_outbound_at"],
        "res.partner": ["user_id", "name", "last_inbound_at", "last_outbound_at"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", readonly=True)
    customer_name = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("messaging.channel", string="Last Channel", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    last_message_at = fields.Datetime(readonly=True)
    last_message = fields.Text(readonly=True)
    last_direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")], readonly=True)
    waiting_reply = fields.Boolean(string="Waiting for Reply", readonly=True)
    last_inbound_at = fields.Datetime(readonly=True)
    last_outbound_at = fields.Datetime(readonly=True)
    message_count = fields.Integer(string="Messages", readonly=True)
    message_ids = fields.One2many("messaging.message", compute="_compute_thread", string="Thread")
    call_ids = fields.One2many("messaging.call", compute="_compute_thread", string="Calls")

    def _compute_thread(self):
        """The conversation's messages (oldest first) and calls, as the user may read them."""
        Message, Call = self.env["messaging.message"], self.env["messaging.call"]
        for conversation in self:
            if conversation.partner_id:
                domain = [("partner_id", "=", conversation.partner_id.id)]
            else:
                domain = [("partner_id", "=", False), ("lead_id", "=", conversation.lead_id.id)]
            conversation.message_ids = Message.search(domain, order="date asc, id asc")
            conversation.call_ids = Call.search(domain)

    def init(self):
        """One branch per kind of customer, each driven by the customers whose stored
        ``last_inbound_at`` / ``last_outbound_at`` say they have messages, with their last
        message found through an index (``messaging.message``'s ``_conversation_*_idx``):
        counting the conversations waiting for a reply costs one index probe per candidate
        customer instead of sorting the whole log. The view is simple enough for
        PostgreSQL to flatten, so columns a query does not read (the counts, the lead
        branch's dates) are not computed."""
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS
                SELECT partner.id * 2 AS id, partner.id AS partner_id, NULL::integer AS lead_id,
                       COALESCE(partner.name, lead.contact_name, lead.name) AS customer_name,
                       last.company_id, last.channel_id, COALESCE(lead.user_id, partner.user_id) AS user_id,
                       last.date AS last_message_at, last.body AS last_message, last.direction AS last_direction,
                       last.direction = 'inbound' AS waiting_reply,
                       partner.last_inbound_at, partner.last_outbound_at,
                       (SELECT count(*) FROM messaging_message c WHERE c.partner_id = partner.id) AS message_count
                  FROM res_partner partner
                 CROSS JOIN LATERAL (
                        SELECT m.lead_id, m.channel_id, m.company_id, m.date, m.direction, m.body
                          FROM messaging_message m WHERE m.partner_id = partner.id
                         ORDER BY m.date DESC, m.id DESC LIMIT 1) last
                  LEFT JOIN crm_lead lead ON lead.id = last.lead_id
                 WHERE partner.last_inbound_at IS NOT NULL OR partner.last_outbound_at IS NOT NULL
                UNION ALL
                -- a lead's stored dates also cover its messages with a partner: they only
                -- select the candidates; the conversation is its messages without a partner
                SELECT lead.id * 2 + 1, NULL::integer, lead.id, COALESCE(lead.contact_name, lead.name),
                       last.company_id, last.channel_id, lead.user_id,
                       last.date, last.body, last.direction, last.direction = 'inbound',
                       (SELECT max(c.date) FROM messaging_message c
                         WHERE c.lead_id = lead.id AND c.partner_id IS NULL AND c.direction = 'inbound'),
                       (SELECT max(c.date) FROM messaging_message c
                         WHERE c.lead_id = lead.id AND c.partner_id IS NULL AND c.direction = 'outbound'),
                       (SELECT count(*) FROM messaging_message c WHERE c.lead_id = lead.id AND c.partner_id IS NULL)
                  FROM crm_lead lead
                 CROSS JOIN LATERAL (
                        SELECT m.channel_id, m.company_id, m.date, m.direction, m.body
                          FROM messaging_message m WHERE m.lead_id = lead.id AND m.partner_id IS NULL
                         ORDER BY m.date DESC, m.id DESC LIMIT 1) last
                 WHERE lead.last_inbound_at IS NOT NULL OR lead.last_outbound_at IS NOT NULL
                """,
                table=SQL.identifier(self._table),
            )
        )
