from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.ops_dashboard.models import ops_dashboard
from odoo.addons.ops_dashboard.tests.common import DashboardCase


@tagged("post_install", "-at_install")
class TestRpa(DashboardCase):
    viewer_groups = "ops_dashboard.group_dashboard_viewer,invoice_rpa.group_rpa_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        operator = env["rpa.operator"].create({"name": "Dash Telecom", "code": "DTEL"})
        month = fields.Date.context_today(cls.viewer).replace(day=1)
        last_month = (month - timedelta(days=1)).replace(day=1)
        seq = iter(range(100))

        def process(state, period=month):
            client = env["res.partner"].create({"name": f"Dash RPA client {next(seq)}", "is_rpa_client": True})
            return env["rpa.process"].create({"partner_id": client.id, "operator_id": operator.id, "state": state,
                                              "period": period, "company_id": cls.company.id})

        cls.waiting = process("waiting_approval") | process("waiting_approval")
        cls.errors = process("error") | process("error", period=last_month)
        cls.downloading = process("waiting_download") | process("waiting_download") | process("waiting_download")
        cls.uploaded = process("uploaded", period=last_month)
        env["rpa.execution"].create([{"process_id": process.id, "runner": "api", "status": status}
                                     for process, status in zip(cls.downloading, ("running", "running", "queued"),
                                                                strict=True)])
        # the oldest waiting invoice entered that state 3 hours ago (to the second, as
        # fields.Datetime.now(): else a test run within the same second reads 179 minutes)
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE rpa_process SET write_date = date_trunc('second', now() at time zone 'UTC') "
                           "- interval '3 hours' WHERE id = %s", [cls.waiting[0].id])
        cls.waiting.invalidate_recordset()

    def test_processes_by_state_robots_errors_and_approvals(self):
        section = self.sections()["rpa"]
        kpis = self.kpis(section)
        self.assertEqual({key: kpis[key]["value"] for key in ("running", "errors", "waiting")},
                         {"running": 2, "errors": 2, "waiting": 2})
        self.assertEqual(kpis["running"]["hint"], "1 queued")
        self.assertIn(kpis["oldest"]["value"], (180, 181))
        for key in ("running", "errors", "waiting"):
            with self.subTest(kpi=key):
                self.assertDrillDown(kpis[key])
        rows = {row["label"]: row for row in self.table(section, "states")["rows"]}
        self.assertEqual({label: row["value"] for label, row in rows.items()},
                         {"Waiting Download": 3, "Waiting Approval": 2, "Error": 1})
        for row in rows.values():
            self.assertDrillDown(row)

    def test_a_finished_robot_tells_the_dashboards(self):
        ops_dashboard._last_notified.clear()
        self.addCleanup(ops_dashboard._last_notified.clear)
        self.downloading[0].execution_ids._finish("done")
        messages = [value["message"] for value in self.env.cr.precommit.data.get("bus.bus.values", [])]
        self.assertTrue(any('"section":"rpa"' in message.replace(" ", "") for message in messages))
