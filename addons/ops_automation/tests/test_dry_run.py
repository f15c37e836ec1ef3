"""The Test button (dry run): the records a real run at the same moment processes, what each
action would do, and nothing written, nothing sent."""

from datetime import datetime, timedelta

from odoo.tests import freeze_time, tagged

from odoo.addons.ops_base.tests.fake_http import Reply

from .common import AutomationCase

T0 = datetime(2026, 3, 10, 15, 0)
T1 = T0 + timedelta(days=2, hours=1)
# Every table a real run of the follow-up rule writes.
TABLES = (
    "base_automation_execution",
    "ops_automation_send",
    "messaging_outbound",
    "messaging_message",
    "queue_job",
    "mail_message",
    "mail_mail",
    "mail_tracking_value",
)


@tagged("post_install", "-at_install")
class TestDryRun(AutomationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(T0):
            cls.rule = cls.follow_up_rule(cls.uazapi)
        cls.due_1 = cls._lead("Due 1")
        cls.due_2 = cls._lead("Due 2")
        cls.old = cls._lead("Old")
        cls.won = cls._lead("Won", stage_id=cls.won_stage.id)
        cls.recent = cls._lead("Recent")

    @classmethod
    def _lead(cls, name, **values):
        return cls.env["crm.lead"].create(
            {"name": name, "partner_id": cls.partner.id, "phone": "(11) 98765-4321", **values}
        )

    def setUp(self):
        super().setUp()
        for lead, when in (
            (self.due_1, T0 - timedelta(days=2)),
            (self.due_2, T0 - timedelta(days=1)),
            (self.old, T0 - timedelta(days=10)),
            (self.won, T0 - timedelta(days=2)),
            (self.recent, T0),
        ):
            self.inbound(lead, when)

    def counts(self):
        self.env.cr.flush()  # pending writes and precommit hooks (tracking) of the set-up
        counts = {}
        for table in TABLES:
            self.env.cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (constant names)
            counts[table] = self.env.cr.fetchone()[0]
        self.env.cr.execute("SELECT max(write_date) FROM crm_lead")
        counts["crm_lead.write_date"] = self.env.cr.fetchone()[0]
        counts["last_run"] = self.rule.last_run
        return counts

    def test_same_records_as_the_run_and_nothing_written(self):
        self.server.add("POST", "/send/text", Reply(json={"messageid": "W1"}))
        with freeze_time(T1):
            before = self.counts()
            action = self.rule.action_ops_test()
            test = self.env["base.automation.test"].browse(action["res_id"])
            self.assertEqual(self.counts(), before, "no row written in any table the run writes")
            self.assertEqual(self.server.count(), 0, "no provider call")
            dry_ids = set(test.line_ids.mapped("res_id"))
            self.assertEqual(dry_ids, {self.due_1.id, self.due_2.id})
            self.assertEqual((test.record_count, test.met_count, test.message_count), (2, 2, 2))
            line = test.line_ids.filtered(lambda line: line.res_id == self.due_1.id)
            self.assertTrue(line.condition_met)
            self.assertIn("+5511987654321", line.actions)
            self.assertIn("Olá Ana Souza, tudo bem com Due 1?", line.actions)
            self.assertIn(self.uazapi.name, line.actions)

            self.run_cron()
        run_ids = set(self.executions(self.rule).mapped("res_id"))
        self.assertEqual(run_ids, dry_ids, "the run processed exactly the dry run's records")
        outbound = self.env["messaging.outbound"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "in", list(run_ids))]
        )
        self.assertEqual(len(outbound), 2)
        self.assertEqual(
            set(outbound.mapped("body")), {"Olá Ana Souza, tudo bem com Due 1?", "Olá Ana Souza, tudo bem com Due 2?"}
        )
        self.perform_send_jobs(outbound)
        self.assertEqual(self.server.count("POST", "/send/text"), 2, "the real run does reach the provider")

    def test_update_record_preview_shows_the_values(self):
        self.env.cr.flush()  # the leads' last message recomputed before the rule exists
        rule = self.make_rule(
            "Prio",
            "on_create_or_write",
            filter_domain="[('name', 'like', 'Due')]",
            actions=[self.write_action("priority", "2"), self.code_action("record.write({'color': 1})")],
        )
        test = self.env["base.automation.test"].browse(rule.action_ops_test()["res_id"])
        line = test.line_ids.filtered(lambda line: line.res_id == self.due_1.id)
        self.assertTrue(line.condition_met)
        self.assertIn("Update priority = 2", line.actions)
        self.assertIn("Execute Code: Code", line.actions)
        other = test.line_ids.filtered(lambda line: line.res_id == self.old.id)
        self.assertFalse(other.condition_met or other.actions)
        self.assertEqual(self.due_1.priority, "0")
        self.assertFalse(self.executions(rule))
