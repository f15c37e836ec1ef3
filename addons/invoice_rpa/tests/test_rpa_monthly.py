import logging

from odoo.tests import freeze_time, tagged

from .common import RpaCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestRpaMonthly(RpaCase):
    def test_one_process_per_client_and_operator_with_account(self):
        operators = self.make_operators(3)
        clients = self.make_clients(4, operators)
        # an inactive account, an archived operator and a non-RPA client create nothing
        self.make_clients(2, operators[:1], account_active=False)
        archived = self.make_operators()
        self.make_clients(1, archived)
        archived.action_archive()
        not_client = self.make_clients(1, operators)
        not_client.is_rpa_client = False
        # a client with one operator only
        single = self.make_clients(1, operators[:1])

        created = self.env["rpa.process"]._create_monthly("2026-11-20")
        self.assertEqual(len(created), 4 * 3 + 1)
        self.assertEqual(set(created.mapped("period")), {created[0].period})
        self.assertEqual(str(created[0].period), "2026-11-01")
        self.assertEqual(created.partner_id, clients | single)
        self.assertEqual(set(created.mapped("state")), {"waiting_download"})
        # the names are given at creation (not computed): they must match the compute
        created.invalidate_recordset(["name"])
        for process in created:
            self.assertEqual(process.name, f"{process.operator_id.code} / {process.partner_id.name} / 2026-11")

        self.assertFalse(self.env["rpa.process"]._create_monthly("2026-11-01"), "second run creates nothing")
        # another month gets its own processes
        self.assertEqual(len(self.env["rpa.process"]._create_monthly("2026-12-01")), 13)

    def test_existing_processes_are_skipped(self):
        operators = self.make_operators(2)
        client = self.make_clients(1, operators)
        existing = self.make_process("error", partner_id=client.id, operator_id=operators[0].id, period="2026-11-01")
        created = self.env["rpa.process"]._create_monthly("2026-11-01")
        self.assertEqual(created.operator_id, operators[1])
        self.assertEqual(existing.state, "error")

    @freeze_time("2026-11-05 10:00:00")
    def test_default_period_is_this_month(self):
        operators = self.make_operators()
        self.make_clients(1, operators)
        created = self.env["rpa.process"]._create_monthly()
        self.assertEqual(str(created.period), "2026-11-01")

    def test_batch_creation_query_count(self):
        operators = self.make_operators(3)
        self.make_clients(50, operators)
        # as the cron runs it: with the creation message in each process's chatter
        Process = self.env["rpa.process"].with_context(tracking_disable=False)
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        created = Process._create_monthly("2027-01-01")
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(created), 150)
        _logger.info("monthly creation of 150 processes: %s queries", queries)
        self.assertLess(queries, 40, "monthly creation must batch its queries, not run one per process")

        before = self.env.cr.sql_log_count
        self.assertFalse(Process._create_monthly("2027-01-01"))
        self.assertLess(self.env.cr.sql_log_count - before, 10)
