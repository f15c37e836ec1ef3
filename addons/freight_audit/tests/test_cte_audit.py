from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import FreightCase


@tagged("post_install", "-at_install")
class TestCteAudit(FreightCase):
    def test_match_and_rate_table_divergence(self):
        self.make_rate()
        cte = self.import_xml(self.cte()[1])
        self.assertEqual(cte.picking_ids, self.picking)
        self.assertEqual(cte.invoice_ids, self.invoice)
        self.assertFalse(cte.unknown_nfe_keys)
        self.assertEqual(cte.distance_km, 120.0)
        # max(1500 kg * 0.50 + 120 km * 2.00 + 50 000 * 0.3 %, 300) + 20 tolls = 1 160.00
        self.assertEqual(cte.expected_source, "rate")
        self.assertAlmostEqual(cte.expected_amount, 1160.0, places=2)
        self.assertAlmostEqual(cte.divergence_amount, 90.0, places=2)
        self.assertAlmostEqual(cte.divergence_pct, 7.76, places=2)
        self.assertTrue(cte.is_divergent, "90.00 is above 2 % of 1 160.00 (23.20)")
        self.assertEqual(cte.divergence_rate, 100.0)
        self.assertIn(cte, self.picking.freight_cte_ids)

    def test_within_tolerance_and_minimum(self):
        self.make_rate()
        cte = self.import_xml(self.cte(amount="1183.20")[1])
        self.assertAlmostEqual(cte.divergence_amount, 23.2, places=2)
        self.assertFalse(cte.is_divergent, "exactly the tolerance is accepted")
        light = self.import_xml(self.cte(kg="10.0000", cargo="100.00", amount="320.00", nfe_keys=[])[1])
        # 10 * 0.5 + 0 km + 0.30 = 5.30: the minimum 300, + 20 tolls
        self.assertAlmostEqual(light.expected_amount, 320.0, places=2)
        self.assertFalse(light.is_divergent)

    def test_expected_from_delivery_price(self):
        self.picking.carrier_price = 1000.0
        cte = self.import_xml(self.cte(nfe_keys=[self.nfe_picking])[1])
        self.assertEqual(cte.expected_source, "carrier")
        self.assertAlmostEqual(cte.expected_amount, 1000.0, places=2)
        self.assertAlmostEqual(cte.divergence_amount, 250.0, places=2)
        self.assertAlmostEqual(cte.divergence_pct, 25.0, places=2)
        self.assertTrue(cte.is_divergent)

    def test_unknown_nfe(self):
        from .cte_fixtures import make_nfe_key
        stranger = make_nfe_key(777)
        cte = self.import_xml(self.cte(nfe_keys=[stranger, self.nfe_picking])[1])
        self.assertEqual(cte.unknown_nfe_keys, stranger)
        self.assertEqual(cte.picking_ids, self.picking)
        nothing = self.import_xml(self.cte(nfe_keys=[make_nfe_key(778)])[1])
        self.assertEqual(nothing.expected_source, "none")
        self.assertFalse(nothing.is_divergent, "nothing to compare with: to check by hand")

    def test_dispute_blocks_the_vendor_bill(self):
        self.make_rate()
        cte = self.import_xml(self.cte()[1]).with_user(self.auditor)
        bill = self.env["account.move"].create({
            "move_type": "in_invoice", "partner_id": self.carrier.id, "invoice_date": "2026-11-12",
            "invoice_line_ids": [(0, 0, {"name": "Frete CT-e", "quantity": 1, "price_unit": 1250.0})],
        })
        bill.action_post()
        cte.vendor_bill_id = bill
        with self.assertRaisesRegex(UserError, "dispute reason"):
            cte.action_dispute()
        cte.dispute_reason = "Peso cobrado acima do romaneio"
        cte.action_dispute()
        self.assertEqual(cte.state, "disputed")
        self.assertTrue(bill.freight_payment_blocked)
        with self.assertRaisesRegex(UserError, "Payment blocked"):
            bill.action_register_payment()
        wizard = Form.from_action(self.env, {
            "type": "ir.actions.act_window", "res_model": "account.payment.register", "view_mode": "form",
            "context": {"active_model": "account.move", "active_ids": bill.ids}}).save()
        with self.assertRaisesRegex(UserError, "Payment blocked"):
            wizard.action_create_payments()
        with self.assertRaisesRegex(UserError, "cannot become Approved"):
            cte.action_approve()
        with self.assertRaisesRegex(UserError, "stays blocked"):
            cte.vendor_bill_id = False
        cte.action_resolve()
        self.assertEqual(cte.state, "resolved")
        bill.invalidate_recordset()
        self.assertFalse(bill.freight_payment_blocked)
        self.assertEqual(bill.action_register_payment()["res_model"], "account.payment.register")

    def test_report_per_carrier_and_month(self):
        self.make_rate()
        self.import_xml(self.cte()[1])  # divergent
        self.import_xml(self.cte(amount="1160.00")[1])  # as expected
        groups = self.env["freight.cte"].formatted_read_group(
            [("carrier_partner_id", "=", self.carrier.id)], ["carrier_partner_id", "issue_date:month"],
            ["amount:sum", "expected_amount:sum", "divergence_rate:avg", "__count"])
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["amount:sum"], 2410.0, places=2)
        self.assertAlmostEqual(groups[0]["expected_amount:sum"], 2320.0, places=2)
        self.assertAlmostEqual(groups[0]["divergence_rate:avg"], 50.0, places=2)
