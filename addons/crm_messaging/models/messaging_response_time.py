"""Median first-response time per month and channel (a read-only SQL view): PostgreSQL's
``percentile_cont`` over the first responses of ``messaging.activity.report`` (a pivot can
only average them)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from .messaging_activity_report import responses_sql


class MessagingResponseTime(models.Model):
    _name = "messaging.response.time"
    _description = "Messaging First-Response Time"
    _auto = False
    _order = "month desc, channel_id"
    _depends = {
        "messaging.message": ["partner_id", "lead_id", "channel_id", "company_id", "date", "direction"],
    }

    month = fields.Date(readonly=True)
    channel_id = fields.Many2one("messaging.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    turn_count = fields.Integer(string="Customer Turns", readonly=True)
    answered_count = fields.Integer(string="Answered Turns", readonly=True)
    median_minutes = fields.Float(string="Median First Response (min)", readonly=True, aggregator="max")
    average_minutes = fields.Float(string="Average First Response (min)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS
                SELECT row_number() OVER (ORDER BY month, channel_id, company_id) AS id, *
                  FROM (
                    SELECT date_trunc('month', r.date)::date AS month, r.channel_id, r.company_id,
                           count(*) AS turn_count, count(r.first_response) AS answered_count,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.first_response) AS median_minutes,
                           avg(r.first_response) AS average_minutes
                      FROM (%(responses)s) r
                     WHERE r.opens_turn
                     GROUP BY 1, 2, 3
                  ) stats
                """,
                table=SQL.identifier(self._table),
                responses=responses_sql(),
            )
        )
