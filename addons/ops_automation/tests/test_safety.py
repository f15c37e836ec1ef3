"""Safety of a mass-messaging tool: no back-fill, a cooldown per record, quiet hours in the
customer's time zone, a cap per run."""

from datetime import datetime, timedelta

from odoo.tests import freeze_time, tagged

from odoo.addons.ops_base.tests.fake_http import Reply
from odoo.addons.queue_job.job import Job

from .common import AutomationCase

T = datetime(2026, 3, 10, 15, 0)


@tagged("post_install", "-at_install")
class TestSafety(AutomationCase):
    def leads(self, count, name="Lead"):
        return self.env["crm.lead"].create(
            [{"name": f"{name} {i}", "partner_id": self.partner.id, "phone": "(11) 98765-4321"} for i in range(count)]
        )

    def log_inbound(self, leads, when):
        self.env["messaging.message"].sudo().create(
            [
                {
                    "channel_id": self.uazapi.id,
                    "company_id": self.env.company.id,
                    "direction": "inbound",
                    "date": when,
                    "lead_id": lead.id,
                    "partner_id": self.partner.id,
                    "body": "Oi",
                    "status": "received",
                }
                for lead in leads
            ]
        )

    def sends(self, leads):
        return self.env["ops.automation.send"].search([("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)])

    def test_new_rule_does_not_backfill_history(self):
        leads = self.leads(100, "Old")
        with freeze_time(T):
            self.log_inbound(leads, T - timedelta(days=10))
            rule = self.follow_up_rule(self.uazapi)
            self.assertEqual(rule.last_run, T, "starts from its activation")
            self.run_cron()
        self.assertFalse(self.sends(leads))
        self.assertFalse(
            self.env["messaging.outbound"].search([("res_id", "in", leads.ids), ("res_model", "=", "crm.lead")])
        )
        self.assertFalse(self.executions(rule))
        # Re-activated later: starts from then again; "Process Existing Records" would back-fill.
        with freeze_time(T + timedelta(days=1)):
            rule.active = False
            rule.active = True
            self.assertEqual(rule.last_run, T + timedelta(days=1))
            backfill = self.follow_up_rule(self.uazapi, ops_process_existing=True)
            self.assertFalse(backfill.last_run)
            records, _met, _note = backfill._ops_select_now(T + timedelta(days=1))
            self.assertEqual(records & leads, leads)

    def test_cron_ten_times_one_message_per_cooldown(self):
        leads = self.leads(3)
        with freeze_time(T - timedelta(hours=1)):
            rule = self.follow_up_rule(self.uazapi, action_values={"messaging_cooldown_days": 7})
        for hour in range(10):
            now = T + timedelta(hours=hour)
            with freeze_time(now):
                # the customer wrote again: each run selects the leads anew
                self.log_inbound(leads, now - timedelta(days=3, minutes=1))
                self.run_cron()
        self.assertEqual(len(self.executions(rule, result="done")), 30, "selected 10 times each")
        for lead in leads:
            self.assertEqual(len(self.sends(lead)), 1, lead.name)
        outbound = self.env["messaging.outbound"].search([("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)])
        self.assertEqual(len(outbound), 3)
        later = T + timedelta(days=8)
        with freeze_time(later):
            self.log_inbound(leads[:1], later - timedelta(days=3, minutes=1))
            self.run_cron()
        self.assertEqual(len(self.sends(leads[0])), 2, "after the cooldown, the follow-up goes again")

    def test_quiet_hours_in_customer_time_zone(self):
        self.server.add("POST", "/send/text", Reply(json={"messageid": "W9"}))
        self.partner.tz = "America/Sao_Paulo"  # UTC-3
        self.make_rule("Welcome", "on_create", actions=[self.message_action(self.uazapi, messaging_quiet_hours=True)])
        night = datetime(2026, 3, 11, 2, 30)  # 23:30 in São Paulo
        with freeze_time(night):
            lead = self.leads(1, "Night")
        send = self.sends(lead)
        self.assertEqual(send.state, "scheduled")
        self.assertEqual(send.scheduled_at, datetime(2026, 3, 11, 11, 0), "08:00 in São Paulo")
        self.assertFalse(send.outbound_id)
        job = self.env["queue.job"].search(
            [("model_name", "=", "ops.automation.send"), ("method_name", "=", "_deliver")]
        )
        self.assertEqual(job.records, send)
        self.assertEqual(job.eta, datetime(2026, 3, 11, 11, 0), "the job waits for the morning")
        self.assertEqual(self.server.count(), 0)
        with freeze_time(datetime(2026, 3, 11, 11, 1)):
            Job.load(self.env, job.uuid).perform()
            self.assertEqual(send.state, "queued")
            self.perform_send_jobs(send.outbound_id)
        self.assertEqual(send.outbound_id.state, "sent")
        self.assertEqual(self.server.count("POST", "/send/text"), 1)

    def test_cap_per_run_defers_the_rest(self):
        leads = self.leads(5, "Cap")
        with freeze_time(T - timedelta(hours=2)):
            self.follow_up_rule(self.uazapi, action_values={"messaging_max_per_run": 2, "messaging_defer_minutes": 60})
        with freeze_time(T):
            self.log_inbound(leads, T - timedelta(days=3, hours=1))
            self.run_cron()
        sends = self.sends(leads)
        self.assertEqual(len(sends), 5)
        self.assertEqual(len(sends.filtered(lambda send: send.state == "queued")), 2)
        deferred = sends.filtered(lambda send: send.state == "scheduled")
        self.assertEqual(
            sorted(deferred.mapped("scheduled_at")),
            [T + timedelta(minutes=60), T + timedelta(minutes=60), T + timedelta(minutes=120)],
        )
