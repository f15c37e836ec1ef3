"""The 19.0.1.2.0 migration: the retry counts of past robot runs (a column that goes away,
retries being queue_job's now) are kept in their logs."""

import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common_robots import RpaRobotCase


def load_migration():
    path = Path(__file__).parents[1] / "migrations" / "19.0.1.2.0" / "pre-migrate.py"
    spec = importlib.util.spec_from_file_location("invoice_rpa_migration_1_2", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestRetryCountMigration(RpaRobotCase):
    def test_retry_counts_kept_in_the_logs(self):
        retried, quiet = self.env["rpa.execution"].sudo().create([
            {"process_id": process.id, "log": "[09:00:00] Robot job job-7 started."}
            for process in self.make_processes(2)
        ])
        self.env.flush_all()
        # the column as 19.0.1.1.0 left it (this transaction is rolled back after the test)
        self.env.cr.execute("ALTER TABLE rpa_execution ADD COLUMN retry_count integer DEFAULT 0")
        self.env.cr.execute("UPDATE rpa_execution SET retry_count = 2 WHERE id = %s", [retried.id])
        load_migration().migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(retried.log, "[09:00:00] Robot job job-7 started.\nRetries (counted before the upgrade): 2")
        self.assertEqual(quiet.log, "[09:00:00] Robot job job-7 started.")
        self.env.cr.execute("ALTER TABLE rpa_execution DROP COLUMN retry_count")
        load_migration().migrate(self.env.cr, "19.0.1.1.0")  # nothing to do: no error
