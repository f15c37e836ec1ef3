"""19.0.1.2.0: retries are queue_job's alone (``retry_pattern``, ``max_retries`` and the job
function's ``on_fail_method``): the per-row attempt counters are gone. Drop their columns,
which Odoo leaves in place when a field is removed, so the stored data has one shape."""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DROPPED = (("messaging_inbox", "attempts"), ("messaging_outbound", "attempts"))


def drop_attempt_counters(cr):
    """Drop the obsolete ``attempts`` columns; the columns dropped."""
    dropped = []
    for table, column in DROPPED:
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                table,
                column,
            )
        )
        if cr.fetchone():
            cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(table), SQL.identifier(column)))
            dropped.append(f"{table}.{column}")
    return dropped


def migrate(cr, version):
    dropped = drop_attempt_counters(cr)
    _logger.info("crm_messaging: attempt counters dropped: %s", ", ".join(dropped) or "none")
