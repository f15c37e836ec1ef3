"""The execution audit over Odoo's real rule engine: trigger types x condition met / not met
x action types -> audit rows; a failing record is recorded and its batch goes on."""

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import AutomationCase

AUDIT_LOGGER = "odoo.addons.ops_automation.models.base_automation_audit"


@tagged("post_install", "-at_install")
class TestAudit(AutomationCase):
    def test_on_create_condition_met_and_not_met(self):
        rule = self.make_rule(
            "VIP", "on_create", filter_domain="[('name', 'ilike', 'VIP')]", actions=[self.write_action("priority", "3")]
        )
        vip, plain = self.env["crm.lead"].create([{"name": "VIP Maria"}, {"name": "João"}])
        self.assertEqual(vip.priority, "3")
        self.assertEqual(plain.priority, "0")
        rows = self.executions(rule)
        self.assertEqual({(row.res_id, row.result) for row in rows}, {(vip.id, "done"), (plain.id, "skipped")})
        done = rows.filtered(lambda row: row.result == "done")
        self.assertTrue(done.condition_met and done.action_executed)
        self.assertEqual((done.trigger, done.triggered_by, done.model_name), ("on_create", "event", "crm.lead"))
        self.assertEqual(done.user_id, self.env.user)
        self.assertGreaterEqual(done.duration_ms, 0)
        skipped = rows - done
        self.assertFalse(skipped.condition_met or skipped.action_executed)

    def test_on_update_watched_field_only(self):
        rule = self.make_rule(
            "Hot",
            "on_create_or_write",
            filter_domain="[('priority', '=', '3')]",
            actions=[self.write_action("color", "5")],
        )
        rule.trigger_field_ids = self.env["ir.model.fields"]._get("crm.lead", "priority")
        lead = self.env["crm.lead"].create({"name": "Lead"})
        self.assertEqual(self.summary(rule), {(lead.id, "skipped")}, "created: condition not met")
        lead.description = "a field nobody watches"
        self.assertEqual(len(self.executions(rule)), 1, "no row when no watched field changed")
        lead.priority = "2"
        self.assertEqual(len(self.executions(rule, result="skipped")), 2)
        lead.priority = "3"
        self.assertEqual(lead.color, 5)
        self.assertEqual(len(self.executions(rule, result="done")), 1)

    def test_audit_levels(self):
        rule = self.make_rule(
            "Quiet", "on_create", filter_domain="[('name', '=', 'x')]", actions=[self.write_action("color", "1")]
        )
        rule.ops_audit = "executed"
        self.env["crm.lead"].create([{"name": "x"}, {"name": "y"}])
        self.assertEqual(self.executions(rule).mapped("result"), ["done"], "no row for 'condition not met'")
        rule.ops_audit = "off"
        self.env["crm.lead"].create({"name": "x"})
        self.assertEqual(len(self.executions(rule)), 1)

    def test_message_received_channel_and_keywords(self):
        rule = self.make_rule(
            "Complaint",
            "on_create",
            model=self.message_model,
            ops_message_channel_ids=[self.uazapi.id],
            ops_message_keywords="cancelar, reclamação",
            actions=[self.code_action("record.lead_id.write({'color': 9})", model=self.message_model)],
        )
        complaint = self.inbound(self.lead, self.ago(), body="Quero fazer uma RECLAMACAO")
        self.assertEqual(self.lead.color, 9, "accents and case ignored")
        other_channel = self.inbound(self.lead, self.ago(), body="quero cancelar", channel=self.quo)
        hello = self.inbound(self.lead, self.ago(), body="Olá!")
        self.assertEqual(
            self.summary(rule), {(complaint.id, "done"), (other_channel.id, "skipped"), (hello.id, "skipped")}
        )

    def test_event_failure_recorded_and_raised(self):
        rule = self.make_rule(
            "Broken", "on_create", actions=[self.code_action("raise UserError('no stock for ' + record.name)")]
        )
        # Not assertRaises: it wraps the call in a savepoint, and under the registry's test
        # mode the "separate" cursor is a savepoint inside the test transaction, so rolling
        # that back would take the failure row with it. In production the row is committed
        # on its own connection before the error reaches the caller.
        raised = None
        try:
            self.env["crm.lead"].create({"name": "Lead 7"})
        except UserError as exc:
            raised = exc
        self.assertIn("no stock for Lead 7", str(raised), "the error still reaches the caller")
        row = self.executions(rule)
        self.assertEqual((row.result, row.condition_met, row.action_executed), ("failed", True, False))
        self.assertIn("no stock for Lead 7", row.error)
        self.assertEqual(rule.ops_failure_count, 1)
        self.assertEqual(rule.ops_run_count, 1)

    def _time_rule(self, action):
        rule = self.make_rule(
            "Daily",
            "on_time",
            trg_date_id=self.env["ir.model.fields"]._get("crm.lead", "date_deadline").id,
            trg_date_range=1,
            trg_date_range_type="day",
            filter_domain="[('probability', '<', 100)]",
            ops_process_existing=True,
            actions=[action],
        )
        leads = self.env["crm.lead"].create(
            [{"name": name, "date_deadline": "2026-01-05", "probability": 10} for name in ("A", "BOOM", "C")]
        )
        lost = self.env["crm.lead"].create({"name": "won", "date_deadline": "2026-01-05", "probability": 100})
        return rule, leads, lost

    @freeze_time("2026-01-10 12:00:00")
    def test_time_based_failing_record_batch_continues_replayable(self):
        """Update record (replayable): the batch runs optimistically, is rolled back when
        BOOM fails, then replayed record by record."""
        value = "1 / 0 if record.name == 'BOOM' else 4"
        rule, leads, lost = self._time_rule(self.write_action("color", value, evaluation_type="equation"))
        with self.assertLogs(AUDIT_LOGGER, "WARNING"):
            self.run_cron()
        self.assertEqual(leads.mapped("color"), [4, 0, 4])
        self.assertEqual(self.summary(rule), {(leads[0].id, "done"), (leads[1].id, "failed"), (leads[2].id, "done")})
        self.assertNotIn(lost.id, self.executions(rule).mapped("res_id"), "condition not met: not selected")
        failed = self.executions(rule, result="failed")
        self.assertIn("ZeroDivisionError", failed.error)
        self.assertEqual(set(self.executions(rule).mapped("triggered_by")), {"cron"})
        self.assertEqual(len(set(self.executions(rule).mapped("run_uuid"))), 1)
        self.assertEqual(str(rule.last_run), "2026-01-10 12:00:00", "the rule moved on")

    @freeze_time("2026-01-10 12:00:00")
    def test_time_based_failing_record_batch_continues_code(self):
        """Code (not replayable): every record runs in its own savepoint from the start."""
        code = "if record.name == 'BOOM':\n    raise UserError('boom')\nrecord.write({'color': 6})"
        rule, leads, _lost = self._time_rule(self.code_action(code))
        with self.assertLogs(AUDIT_LOGGER, "WARNING"):
            self.run_cron()
        self.assertEqual(leads.mapped("color"), [6, 0, 6])
        self.assertEqual(self.summary(rule), {(leads[0].id, "done"), (leads[1].id, "failed"), (leads[2].id, "done")})
        self.assertEqual(rule.ops_failure_count, 1)

    @freeze_time("2026-01-10 12:00:00")
    def test_audit_off_keeps_odoo_behaviour(self):
        value = "1 / 0 if record.name == 'BOOM' else 4"
        rule, leads, _lost = self._time_rule(self.write_action("color", value, evaluation_type="equation"))
        rule.ops_audit = "off"
        with self.assertLogs("odoo.addons.base_automation", "ERROR"), mute_logger("odoo.addons.base.models.ir_cron"):
            self.run_cron()
        self.assertEqual(leads.mapped("color"), [0, 0, 0], "Odoo rolls the whole batch back")
        self.assertFalse(self.executions(rule))

    def test_action_types(self):
        """Update record, send message, email, webhook, code: one audit row each."""
        template = self.env["mail.template"].create(
            {
                "name": "Alert",
                "model_id": self.lead_model.id,
                "subject": "Lead {{ object.name }}",
                "email_to": "cs@example.com",
            }
        )
        kinds = {
            "update": self.write_action("color", "3"),
            "message": self.message_action(self.uazapi),
            "email": {
                "name": "Mail",
                "model_id": self.lead_model.id,
                "state": "mail_post",
                "mail_post_method": "email",
                "template_id": template.id,
            },
            "webhook": {
                "name": "Hook",
                "model_id": self.lead_model.id,
                "state": "webhook",
                "webhook_url": self.server.url + "/hook",
            },
            "code": self.code_action("record.write({'color': 8})"),
        }
        rules = {
            kind: self.make_rule(kind, "on_create", filter_domain=f"[('name', '=', '{kind}')]", actions=[vals])
            for kind, vals in kinds.items()
        }
        leads = self.env["crm.lead"].create([{"name": kind, "partner_id": self.partner.id} for kind in kinds])
        for kind, rule in rules.items():
            lead = leads.filtered(lambda lead, kind=kind: lead.name == kind)
            self.assertEqual(
                self.summary(rule), {(lead.id, "done")} | {(other.id, "skipped") for other in leads - lead}, kind
            )
        self.assertEqual(self.env["ops.automation.send"].search([("res_id", "=", leads[1].id)]).state, "queued")
        self.assertTrue(self.env["mail.mail"].search([("subject", "=", "Lead email")]))
        self.assertEqual(leads.filtered(lambda lead: lead.name == "code").color, 8)

    def test_retention_autovacuum(self):
        rule = self.make_rule("R", "on_create", actions=[self.write_action("color", "1")])
        self.env["crm.lead"].create({"name": "old"})
        old = self.executions(rule)
        self.env.cr.execute(
            "UPDATE base_automation_execution SET date = now() - interval '40 days' WHERE id = %s", (old.id,)
        )
        self.env["crm.lead"].create({"name": "new"})
        self.env["ir.config_parameter"].set_param("ops_automation.audit_retention_days", "30")
        self.env["base.automation.execution"]._gc_executions()
        self.env.invalidate_all()
        self.assertEqual(len(self.executions(rule)), 1)

    @freeze_time("2026-01-10 12:00:00")
    def test_replayed_batch_sends_each_message_once(self):
        """A message queued before a record fails is rolled back with the batch and queued
        again by the replay: once per lead in the end, none for the failing lead."""
        value = "1 / 0 if record.name == 'BOOM' else 4"
        rule, leads, _lost = self._time_rule(self.message_action(self.uazapi))
        rule.action_server_ids = [
            Command.create(self.write_action("color", value, evaluation_type="equation", sequence=20))
        ]
        leads.write({"partner_id": self.partner.id, "phone": "(11) 98765-4321"})
        with self.assertLogs(AUDIT_LOGGER, "WARNING"):
            self.run_cron()
        sends = self.env["ops.automation.send"].search([("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)])
        self.assertEqual(sorted(sends.mapped("res_id")), sorted([leads[0].id, leads[2].id]))
        outbound = self.env["messaging.outbound"].search([("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)])
        self.assertEqual(len(outbound), 2)
        self.assertEqual(len(self.executions(rule, result="failed")), 1)
