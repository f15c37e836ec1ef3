import json

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common_robots import RpaRobotCase


@tagged("post_install", "-at_install")
class TestLiveLog(RpaRobotCase):
    def bus_messages(self):
        """The execution-log notifications sent so far, as (channel, payload)."""
        self.env.cr.precommit.run()  # bus.bus rows are created just before the commit
        notifications = self.env["bus.bus"].sudo().search([], order="id")
        found = []
        for notification in notifications:
            message = json.loads(notification.message)
            if message["type"] == "invoice_rpa.execution_log":
                found.append((json.loads(notification.channel), message["payload"]))
        return found

    def test_log_lines_are_pushed_to_rpa_users(self):
        other_company = self.env["res.company"].create({"name": "Other Telecom Co"})
        self.elsewhere = new_test_user(self.env, login="rpa_elsewhere", groups="invoice_rpa.group_rpa_user",
                                       company_id=other_company.id, company_ids=[(6, 0, other_company.ids)])
        self.outsider = new_test_user(self.env, login="rpa_live_outsider", groups="base.group_user")
        api = self.start_api(polls=1, logs=["Login ok", "Invoice page open"])
        process = self.make_processes()
        self.env["bus.bus"].sudo().search([]).unlink()
        with trap_jobs() as trap:
            process.action_run_download()
            self.run_jobs(trap)
        execution = process.execution_ids
        messages = self.bus_messages()
        self.assertTrue(messages)
        channels = {tuple(channel) for channel, _payload in messages}
        self.assertIn((self.env.cr.dbname, "res.partner", self.user.partner_id.id), channels)
        self.assertIn((self.env.cr.dbname, "res.partner", self.manager.partner_id.id), channels)
        self.assertNotIn((self.env.cr.dbname, "res.partner", self.elsewhere.partner_id.id), channels,
                         "an RPA user of another company gets nothing")
        self.assertNotIn((self.env.cr.dbname, "res.partner", self.outsider.partner_id.id), channels,
                         "a user without the RPA group gets nothing")
        for _channel, payload in messages:
            self.assertEqual(payload["execution_id"], execution.id)
            self.assertEqual(payload["process_id"], process.id)
        user_channel = (self.env.cr.dbname, "res.partner", self.user.partner_id.id)
        pushed = "\n".join(payload["lines"] for channel, payload in messages if tuple(channel) == user_channel)
        for line in ("Robot job job-1 started.", "Login ok", "Invoice page open", "Finished: Done"):
            self.assertIn(line, pushed)
        self.assertEqual(pushed.count("Login ok"), 1, "each robot line is pushed once")
        self.assertEqual(messages[-1][1]["status"], "done")
        self.assertEqual(api.bad_tokens, 0)

    def test_user_cannot_write_executions(self):
        execution = self.env["rpa.execution"].create({"process_id": self.make_processes().id})
        self.assertFalse(execution.with_user(self.user).has_access("write"))
        self.assertTrue(execution.with_user(self.user).has_access("read"))


@tagged("post_install", "-at_install")
class TestLiveLogTour(RpaRobotCase, HttpCase):
    def test_execution_form_renders_live_log(self):
        process = self.make_processes()
        self.env["rpa.execution"].create({
            "process_id": process.id, "status": "running", "job_id": "tour-1", "log": "[10:00:00] Login ok",
        })
        self.start_tour(f"/odoo/action-invoice_rpa.action_rpa_process/{process.id}", "invoice_rpa_live_log",
                        login=self.manager.login)
