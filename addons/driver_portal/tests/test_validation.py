from types import SimpleNamespace
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.stock_sms.models import stock_picking as stock_sms_picking

from .common import DriverPortalCase

LOGGER = "odoo.addons.driver_portal.models.stock_picking"


def production_stock_sms():
    """stock_sms never shows its one-time "send SMS confirmations?" wizard while a test
    runs (``modules.module.current_test``): hide the test from that one check, as on a
    ``make run`` database. Only stock_sms's own module reference is replaced; IAP still
    refuses to send during tests, so the SMS is recorded as failed, nothing leaves."""
    return patch.object(stock_sms_picking, "modules", SimpleNamespace(module=SimpleNamespace(current_test=None)))


@tagged("post_install", "-at_install")
class TestValidationWizards(DriverPortalCase):
    """The driver's close goes through the optional confirmations of installed modules
    (stock_sms's first-validation wizard, the backorder question) with the office's
    settings, and logs why when a delivery still cannot be validated."""

    def setUp(self):
        super().setUp()
        # a company that never validated a delivery, with SMS confirmations on (Odoo's default)
        self.env.company.write({"has_received_warning_stock_sms": False, "stock_text_confirmation": True,
                                "stock_confirmation_type": "sms"})
        self.stop = self.make_stop(self.driver_a)
        self.login_a()

    def test_first_delivery_of_the_company_with_stock_sms(self):
        self.assertTrue(self.customer.phone)
        with production_stock_sms():
            # the office's own first validation would get the wizard
            action = self.make_stop(self.driver_b).with_context(skip_backorder=True).button_validate()
            self.assertEqual(action["res_model"], "confirm.stock.sms")
            self.env.company.has_received_warning_stock_sms = False
            reply = self.deliver(self.stop, as_json=True)
        self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(reply.json()["code"], "delivered")
        self.assertEqual((self.stop.state, self.stop.driver_state), ("done", "delivered"))
        # the office's setting is kept: SMS confirmations stay on and the SMS was attempted
        self.assertTrue(self.env.company.stock_text_confirmation)
        self.assertTrue(self.env.company.has_received_warning_stock_sms)
        self.assertTrue(self.stop.message_ids.filtered(lambda m: m.message_type == "sms"))

    def test_partial_delivery_answers_the_backorder_question(self):
        self.assertEqual(self.stop.picking_type_id.create_backorder, "ask")
        water = self.stop.move_ids.filtered(lambda m: m.product_id == self.product_water)
        with production_stock_sms():
            reply = self.deliver(self.stop, partial="1", **{f"qty_{water.id}": "1"})
        self.assertEqual(reply.status_code, 303, reply.text[:500])
        self.assertEqual(self.stop.state, "done")
        backorder = self.env["stock.picking"].search([("backorder_id", "=", self.stop.id)])
        self.assertEqual(backorder.move_ids.product_uom_qty, 1.0)

    def test_office_chose_no_backorder(self):
        self.stop.picking_type_id.create_backorder = "never"
        water = self.stop.move_ids.filtered(lambda m: m.product_id == self.product_water)
        reply = self.deliver(self.stop, partial="1", **{f"qty_{water.id}": "1"})
        self.assertEqual(reply.status_code, 303, reply.text[:500])
        self.assertEqual(self.stop.state, "done")
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", self.stop.id)]))

    def test_cannot_validate_logs_the_reason(self):
        """A lot-tracked product without a lot: Odoo refuses; the driver gets a clear 400,
        the log says why, nothing is half-written."""
        lot_product = self.env["product.product"].create({
            "name": "Tracked keg", "type": "consu", "is_storable": True, "tracking": "lot", "list_price": 50.0})
        stop = self.make_stop(self.driver_a, lines=[(lot_product, 1)])
        before = self.snapshot(stop)
        with self.assertLogs(LOGGER, "WARNING") as logs:
            reply = self.deliver(stop, as_json=True)
        self.assertEqual(reply.status_code, 400, reply.text)
        self.assertIn("could not be validated", reply.json()["message"])
        self.assertIn(stop.name, logs.output[0])
        self.assertIn("Lot/Serial", logs.output[0])
        self.assertEqual(self.snapshot(stop), before)
