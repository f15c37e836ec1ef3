"""The 19.0.1.2.0 migration drops the per-row attempt counters of earlier versions."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "19.0.1.2.0" / "post-migrate.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("crm_messaging_migration_19_0_1_2_0", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrationRetries(TransactionCase):
    def columns(self):
        self.env.cr.execute(
            SQL(
                """SELECT table_name || '.' || column_name FROM information_schema.columns
                    WHERE table_name IN ('messaging_inbox', 'messaging_outbound') AND column_name = 'attempts'
                    ORDER BY 1"""
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def test_attempt_columns_of_the_previous_version_are_dropped(self):
        # A database of 19.0.1.1.0 has the columns (with data): simulated in this transaction.
        for table in ("messaging_inbox", "messaging_outbound"):
            self.env.cr.execute(SQL("ALTER TABLE %s ADD COLUMN attempts integer DEFAULT 2", SQL.identifier(table)))
        self.assertEqual(self.columns(), ["messaging_inbox.attempts", "messaging_outbound.attempts"])
        migration = load_migration()
        self.assertEqual(
            migration.drop_attempt_counters(self.env.cr), ["messaging_inbox.attempts", "messaging_outbound.attempts"]
        )
        self.assertEqual(self.columns(), [])
        self.assertEqual(migration.drop_attempt_counters(self.env.cr), [], "running it again changes nothing")
        self.assertNotIn("attempts", self.env["messaging.inbox"]._fields)
        self.assertNotIn("attempts", self.env["messaging.outbound"]._fields)
