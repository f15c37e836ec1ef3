"""One lead per new customer, even when their messages are processed in parallel.

Two jobs processing two messages of the same unknown number at the same time would both
find no lead and both create one. Before looking the customer up, each job upserts the
customer's row here (``INSERT … ON CONFLICT DO UPDATE``, one statement): the row lock makes
the second job wait for the first one's commit, and then PostgreSQL refuses its update
with a serialization failure (Odoo runs REPEATABLE READ, and the row changed after the
job's snapshot). Processing treats that as transient: queue_job retries the job later with
a fresh snapshot, which sees the lead the first job created.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class MessagingCustomerLock(models.Model):
    _name = "messaging.customer.lock"
    _description = "Messaging Customer Lock"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    key = fields.Char(required=True, readonly=True, help="The customer: E.164 phone, email or conversation.")
    locked_at = fields.Datetime(readonly=True)

    _company_key_unique = models.UniqueIndex("(company_id, key)")

    @api.model
    def _lock(self, company, key):
        """Lock customer ``key`` of ``company`` until the end of the transaction; raises
        ``SerializationFailure`` when another transaction processed them concurrently."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO messaging_customer_lock (company_id, key, locked_at)
                VALUES (%s, %s, now() at time zone 'UTC')
                ON CONFLICT (company_id, key) DO UPDATE SET locked_at = EXCLUDED.locked_at
                """,
                company.id,
                key,
            ),
            log_exceptions=False,  # an expected, retried conflict: not an ERROR in the log
        )
