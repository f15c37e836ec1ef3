from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestBackendViews(TransactionCase):
    """The office's screens load: proof on the delivery form, the reschedule queue,
    cash to hand in, failure reasons, positions and the settings."""

    def test_actions_and_views_load(self):
        for xmlid in ("driver_portal.action_delivery_to_reschedule", "driver_portal.action_driver_cash",
                      "driver_portal.action_driver_failure_reason", "driver_portal.action_driver_position"):
            action = self.env.ref(xmlid)
            model = self.env[action.res_model]
            model.search([], limit=1)
            for view_type in action.view_mode.split(","):
                view = next((v.view_id for v in action.view_ids if v.view_mode == view_type), None)
                self.assertTrue(model.get_view(view_id=view.id if view else None, view_type=view_type)["arch"],
                                f"{xmlid} {view_type}")
        form = self.env["stock.picking"].get_view(view_type="form")["arch"]
        self.assertIn('name="driver_proof"', form)
        self.assertIn("delivery_signature", form)
        search = self.env["stock.picking"].get_view(view_type="search")["arch"]
        self.assertIn("driver_to_reschedule", search)
        settings = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn("driver_cash_journal_id", settings)

    def test_failure_reasons_data_and_uniqueness(self):
        reasons = self.env["driver.failure.reason"].search([])
        self.assertGreaterEqual(len(reasons), 5)
        self.assertTrue(reasons.filtered("requires_note"))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["driver.failure.reason"].create({"name": reasons[0].name})
            self.env.flush_all()

    def test_settings_store_journals_and_retention(self):
        cash = self.env["account.journal"].create({"name": "Van cash", "type": "cash", "code": "VANC"})
        settings = self.env["res.config.settings"].create({
            "driver_cash_journal_id": cash.id, "driver_position_retention_days": 7})
        settings.execute()
        self.assertEqual(self.env.company.driver_cash_journal_id, cash)
        self.assertEqual(self.env["driver.position"]._retention_days(), 7)
