import ast

from odoo.tests import tagged

from .common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestPayment(DriverPortalCase):
    """Money collected at the stop: posted, reconciled, partial, over, twice."""

    def setUp(self):
        super().setUp()
        self.stop = self.make_stop(self.driver_a)  # 2 x 10.00 + 1 x 100.00 = 120.00, no tax
        self.login_a()

    def pay(self, as_json=False, **data):
        return self.post(f"/driver/stop/{self.stop.id}/pay", data, as_json=as_json)

    def invoices(self):
        return self.stop.sale_id.invoice_ids.filtered(lambda m: m.state == "posted")

    def assert_reconciled(self, invoice, payment):
        receivable = invoice.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertTrue(receivable.reconciled)
        self.assertIn(payment.move_id.line_ids.filtered(lambda line: line.account_id == receivable.account_id),
                      receivable.matched_credit_ids.credit_move_id)

    def test_full_flow_deliver_then_cash(self):
        """Assign, log in, see the stop, deliver with proof, collect cash: invoice paid."""
        page = self.url_open("/driver")
        self.assertIn(f'data-stop-id="{self.stop.id}"', page.text)
        self.assertEqual(self.deliver(self.stop).status_code, 303)
        self.assertEqual(self.stop.state, "done")
        self.assertTrue(self.stop.message_ids.filtered(lambda m: m.attachment_ids))
        reply = self.pay(method="cash", amount="120.00", submission_key="k-full")
        self.assertEqual(reply.status_code, 303)
        invoice = self.invoices()
        self.assertEqual(len(invoice), 1, "cash on delivery: the order was invoiced first")
        self.assertEqual(invoice.amount_total, 120.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(invoice.amount_residual, 0.0)
        payment = self.stop.driver_payment_ids
        self.assertEqual(len(payment), 1)
        self.assertIn(payment.state, ("paid", "in_process"))
        self.assertEqual((payment.payment_type, payment.partner_type, payment.amount), ("inbound", "customer", 120.0))
        self.assertEqual(payment.journal_id, self.cash_journal)
        self.assertEqual((payment.driver_id, payment.driver_collect_method), (self.driver_a, "cash"))
        self.assert_reconciled(invoice, payment)
        page = self.url_open(f"/driver/stop/{self.stop.id}?done=paid")
        self.assertIn("Payment recorded", page.text)
        self.assertIn("Nothing to collect", page.text)
        cash = self.url_open("/driver/cash")
        self.assertEqual(cash.status_code, 200)
        self.assertIn("o_driver_cash_total_cash", cash.text)
        self.assertIn("120.00", cash.text)

    def test_open_invoice_paid_by_check(self):
        invoice = self.invoice_order(self.stop)
        self.assertIn("120.00", self.url_open("/driver").text)
        missing_ref = self.pay(method="check", amount="120")
        self.assertEqual(missing_ref.status_code, 400)
        self.assertIn("check number", missing_ref.text)
        reply = self.pay(method="check", amount="120", reference="CHK-0042", as_json=True)
        self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(reply.json()["remaining"], 0.0)
        payment = self.stop.driver_payment_ids
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertEqual(payment.driver_reference, "CHK-0042")
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(len(self.invoices()), 1, "no second invoice")

    def test_underpayment_leaves_the_rest_due(self):
        invoice = self.invoice_order(self.stop)
        reply = self.pay(method="pix", amount="50", reference="E2E-PIX-1")
        self.assertEqual(reply.status_code, 303)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(invoice.amount_residual, 70.0)
        page = self.url_open(f"/driver/stop/{self.stop.id}?done=paid")
        self.assertIn("Still due", page.text)
        self.assertIn("70.00", page.text)

    def test_overpayment_refused_unless_confirmed(self):
        invoice = self.invoice_order(self.stop)
        refused = self.pay(method="cash", amount="150", as_json=True)
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(refused.json()["code"], "overpayment")
        self.assertFalse(self.stop.driver_payment_ids)
        self.assertEqual(invoice.amount_residual, 120.0)
        card_change = self.pay(method="card", amount="150", reference="AUTH1", overpayment="change", as_json=True)
        self.assertEqual(card_change.status_code, 409, "no change on a card payment")
        change = self.pay(method="cash", amount="150", overpayment="change", as_json=True)
        self.assertEqual(change.status_code, 200)
        self.assertEqual((change.json()["paid"], change.json()["change"]), (120.0, 30.0))
        self.assertEqual(self.stop.driver_payment_ids.amount, 120.0)
        self.assertEqual(self.stop.driver_payment_ids.driver_change_amount, 30.0)
        self.assertEqual(invoice.amount_residual, 0.0)

    def credit_line(self, payment):
        return payment.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    def test_card_credit_refused_without_a_limit(self):
        """No money proves a card/PIX excess: by default it cannot become credit."""
        self.assertEqual(self.env.company.driver_credit_limit, 0.0)
        invoice = self.invoice_order(self.stop)
        for method, ref in (("card", "AUTH2"), ("pix", "E2E-2"), ("check", "CHK-9")):
            reply = self.pay(method=method, amount="200", reference=ref, overpayment="credit", as_json=True)
            self.assertEqual(reply.status_code, 409, method)
            self.assertEqual(reply.json()["code"], "credit_refused")
            self.assertIn("cannot be kept as credit", reply.json()["message"])
        self.assertFalse(self.stop.driver_payment_ids)
        self.assertEqual(invoice.amount_residual, 120.0)

    def test_card_credit_within_the_limit_is_shown_to_the_office(self):
        self.env.company.driver_credit_limit = 100.0
        self.stop.sale_id.user_id = self.env.user
        invoice = self.invoice_order(self.stop)
        beyond = self.pay(method="card", amount="300", reference="AUTH3", overpayment="credit", as_json=True)
        self.assertEqual((beyond.status_code, beyond.json()["code"]), (409, "credit_refused"))
        reply = self.pay(method="card", amount="200", reference="AUTH2", overpayment="credit", as_json=True)
        self.assertEqual(reply.status_code, 200, reply.text)
        payment = self.stop.driver_payment_ids
        self.assertEqual((payment.amount, payment.driver_credit_amount), (200.0, 80.0))
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(self.credit_line(payment).amount_residual, -80.0, "80.00 stays as the customer's credit")
        # the office sees it: notes on the stop and the order, a to-do, the payments filter
        for record in (self.stop, self.stop.sale_id):
            self.assertTrue(record.message_ids.filtered(lambda m: "as customer credit" in (m.body or "")), record)
        self.assertEqual(self.stop.sale_id.activity_ids.user_id, self.env.user)
        action = self.env.ref("driver_portal.action_driver_cash")
        search = self.env.ref("driver_portal.view_account_payment_driver_search")
        self.assertIn('name="customer_credit"', search.arch)
        credits = self.env["account.payment"].search(
            [*ast.literal_eval(action.domain), ("driver_credit_amount", ">", 0)])
        self.assertEqual(credits, payment)

    def test_cash_overpayment_kept_as_credit(self):
        invoice = self.invoice_order(self.stop)
        reply = self.pay(method="cash", amount="150", overpayment="credit", as_json=True)
        self.assertEqual(reply.status_code, 200, reply.text)
        payment = self.stop.driver_payment_ids
        self.assertEqual((payment.amount, payment.driver_credit_amount, payment.driver_change_amount),
                         (150.0, 30.0, 0.0))
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertEqual(self.credit_line(payment).amount_residual, -30.0)
        self.assertTrue(self.stop.message_ids.filtered(lambda m: "as customer credit" in (m.body or "")))

    def test_double_submission_one_payment(self):
        self.invoice_order(self.stop)
        first = self.pay(method="cash", amount="60", submission_key="same-key")
        self.assertEqual(first.status_code, 303)
        again = self.pay(method="cash", amount="60", submission_key="same-key")
        self.assertEqual(again.status_code, 409)
        self.assertIn("already recorded", again.text)
        self.assertEqual(len(self.stop.driver_payment_ids), 1)
        nothing_due = self.make_stop(self.driver_a)
        self.invoice_order(nothing_due)
        self.post(f"/driver/stop/{nothing_due.id}/pay", {"method": "cash", "amount": "120"})
        more = self.post(f"/driver/stop/{nothing_due.id}/pay", {"method": "cash", "amount": "120"}, as_json=True)
        self.assertEqual(more.status_code, 400)
        self.assertEqual(len(nothing_due.driver_payment_ids), 1, "a paid order takes no second payment")

    def test_bad_amounts(self):
        for amount in ("", "abc", "-5", "0"):
            reply = self.pay(method="cash", amount=amount, as_json=True)
            self.assertEqual(reply.status_code, 400, amount)
        self.assertEqual(self.pay(method="bitcoin", amount="10", as_json=True).status_code, 400)
        self.assertFalse(self.stop.driver_payment_ids)
        self.assertFalse(self.invoices(), "a refused payment leaves no invoice behind")
