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
        "crm.lead": ["user_id", "contact_name", "name"],
        "res.partner": ["user_id", "name"],
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
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS
                WITH m AS (
                    SELECT m.*, %(key)s AS conversation
                      FROM messaging_message m
                     WHERE m.partner_id IS NOT NULL OR m.lead_id IS NOT NULL
                ), last AS (
                    SELECT DISTINCT ON (conversation) conversation, partner_id, lead_id, channel_id, company_id,
                           date, direction, body
                      FROM m ORDER BY conversation, date DESC, id DESC
                ), stats AS (
                    SELECT conversation, count(*) AS message_count,
                           max(date) FILTER (WHERE direction = 'inbound') AS last_inbound_at,
                           max(date) FILTER (WHERE direction = 'outbound') AS last_outbound_at
                      FROM m GROUP BY conversation
                )
                SELECT last.conversation AS id, last.partner_id,
                       CASE WHEN last.partner_id IS NULL THEN last.lead_id END AS lead_id,
                       COALESCE(partner.name, lead.contact_name, lead.name) AS customer_name,
                       last.company_id, last.channel_id, COALESCE(lead.user_id, partner.user_id) AS user_id,
                       last.date AS last_message_at, last.body AS last_message, last.direction AS last_direction,
                       last.direction = 'inbound' AS waiting_reply, stats.last_inbound_at, stats.last_outbound_at,
                       stats.message_count
                  FROM last
                  JOIN stats ON stats.conversation = last.conversation
                  LEFT JOIN crm_lead lead ON lead.id = last.lead_id
                  LEFT JOIN res_partner partner ON partner.id = last.partner_id
                """,
                table=SQL.identifier(self._table),
                key=SQL(CONVERSATION_KEY),
            )
        )
