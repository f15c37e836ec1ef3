import json

from odoo.tests import TransactionCase, tagged

from odoo.addons.ops_dashboard.models import ops_dashboard


@tagged("post_install", "-at_install")
class TestNotify(TransactionCase):
    def setUp(self):
        super().setUp()
        ops_dashboard._last_notified.clear()
        self.addCleanup(ops_dashboard._last_notified.clear)

    def queued(self):
        return [value for value in self.env.cr.precommit.data.get("bus.bus.values", [])
                if ops_dashboard.SECTION_CHANGED in value["message"]]

    def test_a_burst_of_changes_sends_one_notification_per_section(self):
        dashboard = self.env["ops.dashboard"]
        sent = [dashboard._notify_section_changed("deliveries") for _i in range(500)]
        sent += [dashboard._notify_section_changed("rpa") for _i in range(10)]
        self.assertEqual(sent.count(True), 2)
        notifications = self.queued()
        self.assertEqual(len(notifications), 2)
        group = self.env.ref("ops_dashboard.group_dashboard_viewer")
        # to the viewer group's channel, with the section key only (no figure)
        self.assertEqual(json.loads(notifications[0]["channel"])[1:], ["res.groups", group.id])
        self.assertEqual(json.loads(notifications[0]["message"]),
                         {"type": ops_dashboard.SECTION_CHANGED, "payload": {"section": "deliveries"}})

    def test_after_the_interval_the_next_change_notifies_again(self):
        dashboard = self.env["ops.dashboard"]
        self.assertTrue(dashboard._notify_section_changed("messaging"))
        ops_dashboard._last_notified[(self.env.cr.dbname, "messaging")] -= ops_dashboard.NOTIFY_INTERVAL
        self.assertTrue(dashboard._notify_section_changed("messaging"))
