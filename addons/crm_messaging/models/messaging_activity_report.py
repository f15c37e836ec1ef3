"""The manager's activity report: one row per logged message and per call (a read-only
SQL view), for graph and pivot views by day, channel, direction and salesperson.

Measures: messages, calls, missed calls, *missed-call rate* (the average of 100 for a
missed incoming call and 0 for an answered one: incoming calls only) and *first response*
(minutes): on the inbound message that opens a customer's turn (the conversation's first
message, or one after an outbound message), the time until the next outbound message of
the conversation. Its median, which a pivot cannot aggregate, is in
``messaging.response.time``.
"""

from odoo import fields, models, tools
from odoo.tools import SQL

from .messaging_conversation import CONVERSATION_KEY

# Every logged message with its conversation and, on the inbound message that opens a
# customer's turn, the minutes until the conversation's next outbound message.
RESPONSES_SQL = """
    SELECT m.id, m.date, m.channel_id, m.company_id, m.direction, m.partner_id, m.lead_id, turn.opens_turn,
           CASE WHEN turn.opens_turn THEN EXTRACT(EPOCH FROM m.next_outbound_at - m.date) / 60.0 END AS first_response
      FROM (
        SELECT m.*, lag(m.direction) OVER w AS previous_direction,
               min(m.date) FILTER (WHERE m.direction = 'outbound')
                   OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_outbound_at
          FROM messaging_message m
        WINDOW w AS (PARTITION BY %(key)s ORDER BY m.date, m.id)
      ) m
      CROSS JOIN LATERAL (
        SELECT m.direction = 'inbound' AND (m.partner_id IS NOT NULL OR m.lead_id IS NOT NULL)
               AND (m.previous_direction IS NULL OR m.previous_direction = 'outbound') AS opens_turn
      ) turn
"""


def responses_sql():
    """:data:`RESPONSES_SQL` as an ``SQL`` object."""
    return SQL(RESPONSES_SQL, key=SQL(CONVERSATION_KEY))


class MessagingActivityReport(models.Model):
    _name = "messaging.activity.report"
    _description = "Messaging Activity Report"
    _auto = False
    _order = "date desc"
    _depends = {
        "messaging.message": ["partner_id", "lead_id", "channel_id", "company_id", "date", "direction"],
        "messaging.call": [
            "partner_id",
            "lead_id",
            "channel_id",
            "company_id",
            "started_at",
            "direction",
            "missed",
            "duration",
        ],
        "crm.lead": ["user_id"],
        "res.partner": ["user_id"],
    }

    kind = fields.Selection([("message", "Message"), ("call", "Call")], readonly=True)
    date = fields.Datetime(readonly=True)
    channel_id = fields.Many2one("messaging.channel", readonly=True)
    channel_type = fields.Selection(related="channel_id.channel_type")
    company_id = fields.Many2one("res.company", readonly=True)
    direction = fields.Selection([("inbound", "Inbound"), ("outbound", "Outbound")], readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    message_count = fields.Integer(string="Messages", readonly=True, aggregator="sum")
    call_count = fields.Integer(string="Calls", readonly=True, aggregator="sum")
    missed_count = fields.Integer(string="Missed Calls", readonly=True, aggregator="sum")
    missed_rate = fields.Float(string="Missed-Call Rate (%)", readonly=True, aggregator="avg")
    call_duration = fields.Integer(string="Call Duration (s)", readonly=True, aggregator="sum")
    first_response = fields.Float(string="First Response (min)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS
                SELECT r.id * 2 AS id, 'message' AS kind, r.date, r.channel_id, r.company_id, r.direction,
                       r.partner_id, r.lead_id, COALESCE(lead.user_id, partner.user_id) AS user_id,
                       1 AS message_count, 0 AS call_count, 0 AS missed_count, NULL::float AS missed_rate,
                       0 AS call_duration, r.first_response::float AS first_response
                  FROM (%(responses)s) r
                  LEFT JOIN crm_lead lead ON lead.id = r.lead_id
                  LEFT JOIN res_partner partner ON partner.id = r.partner_id
                UNION ALL
                SELECT c.id * 2 + 1, 'call', COALESCE(c.started_at, c.create_date), c.channel_id, c.company_id,
                       c.direction, c.partner_id, c.lead_id, COALESCE(lead.user_id, partner.user_id),
                       0, 1, c.missed::int,
                       CASE WHEN c.direction = 'inbound' THEN c.missed::int * 100.0 END,
                       COALESCE(c.duration, 0), NULL
                  FROM messaging_call c
                  LEFT JOIN crm_lead lead ON lead.id = c.lead_id
                  LEFT JOIN res_partner partner ON partner.id = c.partner_id
                """,
                table=SQL.identifier(self._table),
                responses=responses_sql(),
            )
        )
