"""Per-channel webhook rate limit: a fixed one-minute window counted in PostgreSQL.

Why PostgreSQL and not memory: Odoo runs several worker processes (and several servers
behind a proxy); a counter in one process' memory sees only its share of the requests, so
the effective limit would be ``limit * workers`` and change with the deployment.

Why one row per (channel, minute, database connection): a single counter row per channel
and minute would be updated by every request and locked until that request's transaction
commits, serialising all the deliveries of a channel (and, under Odoo's REPEATABLE READ,
failing concurrent ones with serialization errors). A database connection runs one
transaction at a time, so keying the row by ``pg_backend_pid()`` means no two running
requests ever update the same row: no lock waits, no serialization failures.

Each request runs **one statement** (:meth:`_hit`): an ``INSERT … ON CONFLICT DO UPDATE``
of its own row, plus the sum of the other rows of the window, in one CTE. Increments of
requests still running elsewhere are not visible yet, so the limit can be exceeded by at
most the number of concurrent requests — acceptable for a flood guard. Windows older than
an hour are deleted by Odoo's daily autovacuum (:meth:`_gc_windows`): nothing needs a
schedule of its own, an hour's counters are a few rows per worker.
"""

from odoo import api, fields, models
from odoo.tools import SQL


class MessagingRateLimit(models.Model):
    _name = "messaging.rate.limit"
    _description = "Messaging Webhook Rate Counter"
    _log_access = False
    _order = "window_start desc"

    channel_id = fields.Many2one("messaging.channel", required=True, ondelete="cascade", readonly=True)
    window_start = fields.Datetime(required=True, readonly=True, help="Start of the one-minute window (UTC).")
    slot = fields.Integer(required=True, readonly=True, help="PostgreSQL backend pid that counted these requests.")
    hits = fields.Integer(required=True, readonly=True)

    _window_slot_unique = models.UniqueIndex("(channel_id, window_start, slot)")

    @api.model
    def _hit(self, channel_id):
        """Count one request for ``channel_id``; ``(requests in the current minute, seconds
        until the next minute)``. One SQL statement, see the module docstring."""
        self.env.cr.execute(
            SQL(
                """
                WITH now_utc AS (
                    SELECT date_trunc('minute', now() at time zone 'UTC') AS window_start,
                           now() at time zone 'UTC' AS at
                ), mine AS (
                    INSERT INTO messaging_rate_limit (channel_id, window_start, slot, hits)
                    SELECT %(channel)s, window_start, pg_backend_pid(), 1 FROM now_utc
                    ON CONFLICT (channel_id, window_start, slot)
                        DO UPDATE SET hits = messaging_rate_limit.hits + 1
                    RETURNING hits
                )
                SELECT (SELECT hits FROM mine)
                       + COALESCE((SELECT sum(r.hits) FROM messaging_rate_limit r, now_utc n
                                    WHERE r.channel_id = %(channel)s AND r.window_start = n.window_start
                                      AND r.slot <> pg_backend_pid()), 0),
                       60 - floor(extract(epoch FROM (SELECT at - window_start FROM now_utc)))
                """,
                channel=channel_id,
            )
        )
        count, retry_after = self.env.cr.fetchone()
        return int(count), max(int(retry_after), 1)

    @api.autovacuum
    def _gc_windows(self):
        """Delete the counters of windows older than an hour (Odoo's autovacuum)."""
        self.env.cr.execute(
            "DELETE FROM messaging_rate_limit WHERE window_start < (now() at time zone 'UTC') - interval '1 hour'"
        )
        return True
