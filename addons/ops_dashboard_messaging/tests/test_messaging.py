from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.ops_dashboard.models import ops_dashboard
from odoo.addons.ops_dashboard.tests.common import DashboardCase


@tagged("post_install", "-at_install")
class TestMessaging(DashboardCase):
    viewer_groups = "ops_dashboard.group_dashboard_viewer,crm_messaging.group_messaging_user"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        now = fields.Datetime.now()
        company = cls.company.id
        cls.sms, cls.whatsapp = env["messaging.channel"].create([
            {"name": "Dash SMS", "channel_type": "quo", "company_id": company},
            {"name": "Dash WhatsApp", "channel_type": "uazapi", "company_id": company},
        ])
        waiting, answered = env["res.partner"].create([{"name": "Waiting Customer"}, {"name": "Answered Customer"}])

        def message(channel, direction, partner=None, when=now):
            return {"channel_id": channel.id, "company_id": company, "direction": direction, "date": when,
                    "status": "received" if direction == "inbound" else "sent",
                    "partner_id": partner.id if partner else False}

        env["messaging.message"].create([
            message(cls.sms, "inbound", waiting), message(cls.sms, "inbound", answered),
            message(cls.sms, "outbound", answered, now + timedelta(seconds=5)),
            message(cls.whatsapp, "inbound", waiting, now - timedelta(seconds=5)),
            message(cls.whatsapp, "inbound", when=now - timedelta(days=2)),  # before today
        ])
        env["messaging.call"].create([
            {"channel_id": cls.sms.id, "company_id": company, "provider_call_id": f"dash-call-{index}",
             "direction": "inbound", "answered": answered_call, "started_at": now}
            for index, answered_call in enumerate((False, False, True))
        ])
        env["messaging.inbox"].create([
            {"channel_id": cls.sms.id, "company_id": company, "provider_event_id": f"dash-ev-{index}", "state": state}
            for index, state in enumerate(("pending", "pending", "pending", "failed", "done"))
        ])
        env["messaging.consent"].create([
            {"phone": "+5511990000001", "channel_type": "quo", "state": "opted_out", "changed_at": now},
            {"phone": "+5511990000002", "channel_type": "quo", "state": "opted_in", "changed_at": now},
        ])
        source = env["utm.source"].create({"name": "Dash Website"})
        # unassigned: the viewer (a salesman seeing his own leads) sees them
        env["crm.lead"].create([{"name": f"Dash lead {index}", "company_id": company, "user_id": False,
                                 "source_id": source.id if index < 2 else False} for index in range(3)])

    def test_inbound_per_channel_queues_and_health(self):
        section = self.sections()["messaging"]
        kpis = self.kpis(section)
        expected = {"inbound": 3, "waiting": 1, "missed": 2, "backlog": 3, "failures": 1}
        self.assertEqual({key: kpis[key]["value"] for key in expected}, expected)
        self.assertGreaterEqual(kpis["opt_outs"]["value"], 1)
        for key in (*expected, "opt_outs"):
            with self.subTest(kpi=key):
                self.assertDrillDown(kpis[key])
        rows = {row["label"]: row for row in self.table(section, "channels")["rows"]}
        self.assertEqual({label: row["value"] for label, row in rows.items()}, {"Dash SMS": 2, "Dash WhatsApp": 1})
        for row in rows.values():
            self.assertDrillDown(row)

    def test_new_leads_by_source(self):
        rows = {row["label"]: row for row in self.table(self.sections()["messaging"], "leads")["rows"]}
        self.assertEqual({label: row["value"] for label, row in rows.items()}, {"Dash Website": 2, "No source": 1})
        for row in rows.values():
            self.assertDrillDown(row)

    def test_inbound_trend_per_channel(self):
        chart = self.sections()["messaging"]["chart"]
        data = {dataset["label"]: dataset["data"] for dataset in chart["datasets"]}
        self.assertEqual(data["Dash SMS"][-1], 2)
        self.assertEqual(data["Dash WhatsApp"][-3:], [1, 0, 1])

    def test_an_incoming_message_tells_the_dashboards(self):
        ops_dashboard._last_notified.clear()
        self.addCleanup(ops_dashboard._last_notified.clear)
        self.env["messaging.message"]._log({"channel_id": self.sms.id, "company_id": self.company.id,
                                            "direction": "inbound", "status": "received", "body": "hi"})
        messages = [value["message"] for value in self.env.cr.precommit.data.get("bus.bus.values", [])]
        self.assertTrue(any('"section":"messaging"' in message.replace(" ", "") for message in messages))
