"""19.0.1.2.0: robot runs stop counting their own retries (``rpa.execution.retry_count``
goes away: retries are queue_job's, see data/queue_job_data.xml). Before Odoo drops the
column, the count of each run that had retries is written at the end of its log, so the
history of past runs keeps it."""

import logging

from odoo.tools import sql

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not sql.column_exists(cr, "rpa_execution", "retry_count"):
        return
    cr.execute("""
        UPDATE rpa_execution
           SET log = COALESCE(log || E'\\n', '') || 'Retries (counted before the upgrade): ' || retry_count
         WHERE retry_count > 0
    """)
    _logger.info("Invoice RPA: retry counts of %s robot runs kept in their logs", cr.rowcount)
