"""In the browser: the Automations list, the WHEN / IF / THEN form and the Test dialog."""

from datetime import timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_messaging.tests.common_outbound import OutboundMixin

from .common import AutomationMixin


@tagged("post_install", "-at_install")
class TestAutomationTour(AutomationMixin, OutboundMixin, HttpCase):
    def test_test_button_shows_the_dry_run(self):
        rule = self.follow_up_rule(self.uazapi)
        rule.name = "Tour follow-up"
        self.lead.name = "Tour lead"
        rule.last_run = self.ago(days=1)
        self.inbound(self.lead, self.ago(days=3, hours=1))
        self.assertTrue(rule.last_run < self.ago(days=0) - timedelta(hours=1))
        self.start_tour(
            "/odoo/action-ops_automation.action_ops_automation_rules", "ops_automation_test_tour", login="admin"
        )
        self.assertFalse(self.executions(rule), "the Test button ran nothing")
