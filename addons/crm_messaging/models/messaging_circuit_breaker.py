"""The outbound circuit breaker of a messaging channel (its state lives on the channel).

Circuit breaker (outbound): after :data:`CIRCUIT_THRESHOLD` consecutive retryable failures
(network, timeouts, 408, 429, 5xx) the circuit opens for :data:`CIRCUIT_OPEN_SECONDS`;
send jobs that run while it is open wait without calling the provider. Then one job (only
one) makes a trial call: a failure opens the circuit again, the first success closes it.
Its state is the channel's: this mixin's ``consecutive_failures`` and
``circuit_open_until``, and the channel's ``state`` and ``last_error``.

Why the circuit's state is written on a separate, committed cursor: a ``queue_job`` job
that raises ``RetryableJobError`` is rolled back (the runner runs it in a savepoint, then
rolls the transaction back), so a failure counter written by the failing job itself would
vanish with the error and the circuit would never open. :meth:`_health_commit` therefore
updates the channel in its own short transaction, committed at once, with relative SQL
updates (``consecutive_failures + 1``) so that concurrent jobs of one channel add up
instead of overwriting each other. The job's own transaction must not write the channel
row before (it would hold its lock and wait for itself): the send job only reads until the
provider has answered. Under tests the registry's cursor is the test cursor, so the writes
land in the test transaction.
"""

import logging
from datetime import timedelta

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import fields, models
from odoo.sql_db import Cursor
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CIRCUIT_THRESHOLD = 5
CIRCUIT_OPEN_SECONDS = 60
MAX_ERROR_LENGTH = 1000


class MessagingCircuitBreakerMixin(models.AbstractModel):
    _name = "messaging.circuit.breaker.mixin"
    _description = "Messaging Circuit Breaker"

    consecutive_failures = fields.Integer(readonly=True, copy=False, default=0)
    circuit_open_until = fields.Datetime(
        readonly=True, copy=False, help="While this time is in the future, outbound messages wait."
    )

    # Circuit breaker -----------------------------------------------------------------------
    def _circuit_remaining(self):
        """Seconds to wait before calling the provider; 0 when the call may go.

        Closed circuit: 0. Open circuit: the time left. Expired circuit (half-open): one
        job claims the single trial call by pushing ``circuit_open_until`` forward on the
        separate cursor, so concurrent jobs keep waiting instead of all hitting a
        provider that may still be down; the trial's outcome then closes or reopens it.
        """
        self.ensure_one()
        until = self.sudo().circuit_open_until
        if not until:
            return 0
        now = fields.Datetime.now()
        if until > now:
            return self._seconds_until(until, now)
        # The claim matches only while the circuit is still expired: a concurrent job that
        # claimed first has pushed it forward (READ COMMITTED re-checks the condition on
        # the row it waited for), so this one gets no row and reads the new time instead.
        claimed, until = self._health_commit(
            SQL(
                """UPDATE %s SET circuit_open_until = %s
                    WHERE id = %s AND circuit_open_until IS NOT NULL AND circuit_open_until <= %s
                RETURNING TRUE""",
                SQL.identifier(self._table),
                now + timedelta(seconds=CIRCUIT_OPEN_SECONDS),
                self.id,
                now,
            ),
            SQL("SELECT circuit_open_until FROM %s WHERE id = %s", SQL.identifier(self._table), self.id),
            rows=True,
        )
        if claimed or not (until and until[0]):
            return 0  # this job holds the trial call, or the circuit was closed meanwhile
        return self._seconds_until(until[0], now)

    @staticmethod
    def _seconds_until(until, now):
        return max(1, int((until - now).total_seconds() + 0.999))

    def _health_commit(self, *queries, rows=False):
        """Run ``queries`` (UPDATE … RETURNING) on a separate cursor and commit them at once
        (see the module docstring). The row of the last query (the rows of each one with
        ``rows=True``): the job's own snapshot cannot see this write."""
        results = []
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):
                # A transaction of its own: in READ COMMITTED a concurrent job's update of
                # the same channel row makes this one wait, then apply on top of it (both
                # ``+ 1`` count), where Odoo's REPEATABLE READ would fail it with a
                # serialization error. (Under tests the registry's cursor wraps the test
                # transaction, whose isolation level must not change.)
                cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            for query in queries:
                cr.execute(query)
                results.append(cr.fetchone())
        self.invalidate_recordset(["consecutive_failures", "circuit_open_until", "state", "last_error"])
        return results if rows else results[-1]

    def _record_success(self):
        """Close the circuit and mark the channel connected (only when it was not)."""
        self.ensure_one()
        self._health_commit(
            SQL(
                """UPDATE %s
                      SET consecutive_failures = 0, circuit_open_until = NULL, state = 'connected',
                          last_error = NULL, write_date = now() at time zone 'UTC'
                    WHERE id = %s
                      AND (COALESCE(consecutive_failures, 0) <> 0 OR circuit_open_until IS NOT NULL
                           OR state <> 'connected' OR last_error IS NOT NULL)
                RETURNING id""",
                SQL.identifier(self._table),
                self.id,
            )
        )

    def _record_failure(self, error, count=True):
        """Mark the channel in error with ``error``; when ``count``, one more consecutive
        failure, opening the circuit at :data:`CIRCUIT_THRESHOLD`."""
        self.ensure_one()
        error = str(error)[:MAX_ERROR_LENGTH]
        increment = 1 if count else 0
        query = SQL(
            """UPDATE %(table)s
                      SET consecutive_failures = COALESCE(consecutive_failures, 0) + %(inc)s,
                          circuit_open_until = CASE
                              WHEN %(inc)s > 0 AND COALESCE(consecutive_failures, 0) + %(inc)s >= %(threshold)s
                              THEN %(open_until)s
                              ELSE circuit_open_until END,
                          state = 'error', last_error = %(error)s, write_date = now() at time zone 'UTC'
                    WHERE id = %(id)s
                RETURNING consecutive_failures, circuit_open_until""",
            table=SQL.identifier(self._table),
            inc=increment,
            threshold=CIRCUIT_THRESHOLD,
            # Python's clock, as _circuit_remaining() reads it (now() is the
            # transaction's start, which may be much earlier in a long transaction)
            open_until=fields.Datetime.now() + timedelta(seconds=CIRCUIT_OPEN_SECONDS),
            error=error,
            id=self.id,
        )
        row = self._health_commit(query)
        failures = row[0] if row else 0
        if count and failures >= CIRCUIT_THRESHOLD:
            _logger.warning(
                "messaging channel %s: circuit open for %s s after %s consecutive failures",
                self.id,
                CIRCUIT_OPEN_SECONDS,
                failures,
            )
        return failures
