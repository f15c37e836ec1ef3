from odoo import fields, models
from odoo.exceptions import UserError

from .stock_picking_proof import StopClosedError

COLLECT_METHODS = [("cash", "Cash"), ("check", "Check"), ("card", "Card"), ("pix", "PIX")]


class OverpaymentError(UserError):
    """More money than due, not confirmed by the driver as change or as credit."""

    code = "overpayment"


class CreditRefusedError(OverpaymentError):
    """More than due on a card, PIX or check, kept as credit beyond the company's limit."""

    code = "credit_refused"


# One extension of stock.picking per concern (assignment, portal display, proof, payment),
# each file under ~200 lines: pylint-odoo would have them merged into one.
class StockPicking(models.Model):
    """Amount due at a stop and payment collected by the driver."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    driver_payment_ids = fields.One2many("account.payment", "driver_picking_id", string="Collected Payments",
                                         readonly=True)

    def _driver_invoice_totals(self):
        """Posted customer invoices and refunds of the stops' sale orders, in a fixed
        number of queries whatever the number of stops.

        :returns: ``{order id: {"open": account.move, "residual": float, "invoiced": float}}``
        """
        orders = self.sale_id
        totals = {order.id: {"open": self.env["account.move"], "residual": 0.0, "invoiced": 0.0} for order in orders}
        if not orders:
            return totals
        # from the order lines to their invoice lines (indexed reads of the relation
        # table), not a search on account.move.line through that relation: its plan
        # degrades badly on a large journal
        order_lines = orders.order_line
        order_lines.fetch(["order_id", "invoice_lines"])
        order_lines.invoice_lines.fetch(["move_id"])
        order_lines.invoice_lines.move_id.fetch(["move_type", "state", "amount_total", "amount_residual",
                                                 "payment_state"])
        seen = set()
        for order_line in order_lines:
            order = order_line.order_id
            for move in order_line.invoice_lines.move_id:
                if move.state != "posted" or move.move_type not in ("out_invoice", "out_refund") \
                        or (order.id, move.id) in seen:
                    continue
                seen.add((order.id, move.id))
                sign = -1 if move.move_type == "out_refund" else 1
                entry = totals[order.id]
                entry["invoiced"] += sign * move.amount_total
                if move.move_type == "out_invoice" and move.payment_state in ("not_paid", "partial") \
                        and move.amount_residual > 0:
                    entry["open"] |= move
                    entry["residual"] += move.amount_residual
        return totals

    def _driver_amounts_due(self):
        """What the driver collects at each stop: the open residual of the order's posted
        invoices, plus the part of the order not invoiced yet (cash on delivery).

        :returns: ``{picking id: {"due", "invoiced_due", "cod_due", "currency"}}``
        """
        # only the fields used here, not every stored column of the orders
        self.sale_id.fetch(["name", "state", "amount_total", "currency_id"])
        totals = self._driver_invoice_totals()
        result = {}
        for picking in self:
            order = picking.sale_id
            entry = totals.get(order.id) if order else None
            if not entry or order.state != "sale":
                result[picking.id] = {"due": 0.0, "invoiced_due": 0.0, "cod_due": 0.0,
                                      "currency": picking.company_id.currency_id}
                continue
            cod = max(order.amount_total - entry["invoiced"], 0.0)
            result[picking.id] = {"due": order.currency_id.round(entry["residual"] + cod),
                                  "invoiced_due": entry["residual"], "cod_due": order.currency_id.round(cod),
                                  "currency": order.currency_id}
        return result

    def _driver_open_invoices(self):
        """The order's open customer invoices; the uninvoiced part (cash on delivery) is
        invoiced and posted first, from the sale order."""
        self.ensure_one()
        order = self.sale_id
        if not order or order.state != "sale":
            raise UserError(self.env._("There is nothing to collect for this stop."))
        entry = self._driver_invoice_totals()[order.id]
        if order.currency_id.compare_amounts(order.amount_total - entry["invoiced"], 0) > 0 \
                and order.invoice_status == "to invoice":
            try:
                invoices = order._create_invoices()
            except UserError as exc:
                raise UserError(self.env._(
                    "The order cannot be invoiced yet (%(reason)s): deliver the stop first.", reason=exc)) from exc
            invoices.action_post()
            entry = self._driver_invoice_totals()[order.id]
        if not entry["open"]:
            raise UserError(self.env._("There is nothing left to collect for this stop."))
        return entry["open"]

    def _driver_journal(self, method):
        company = self.company_id
        journal = company.driver_cash_journal_id if method == "cash" else company.driver_bank_journal_id
        if not journal:
            journal_type = "cash" if method == "cash" else "bank"
            journal = self.env["account.journal"].search(
                [("type", "=", journal_type), ("company_id", "=", company.id)], limit=1)
        if not journal and method == "cash":
            # no cash journal in the chart: the bank journal is the documented fallback
            return self._driver_journal("check")
        if not journal:
            raise UserError(self.env._("No payment journal is set for drivers: ask the office."))
        return journal

    def _driver_collect_payment(self, method, amount, reference=None, submission_key=None, overpayment=None):
        """Record money collected at the stop: one posted inbound ``account.payment``
        reconciled with the order's open invoices. Call on a stop whose ownership the
        caller checked.

        - less than due: partial payment, the invoice stays partially paid;
        - more than due: refused (:class:`OverpaymentError`) unless ``overpayment`` is
          ``"change"`` (cash only: the payment is the amount due, the driver gives the
          rest back) or ``"credit"`` (the whole amount is paid, the excess stays as the
          customer's credit);
        - a ``submission_key`` already used (double tap, retry): :class:`StopClosedError`,
          nothing created.

        :returns: dict ``payment``, ``paid``, ``change``, ``remaining``, ``currency``
        """
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM stock_picking WHERE id = %s FOR UPDATE", [self.id])
        payment_model = self.env["account.payment"]
        if submission_key and payment_model.search_count([("driver_submission_key", "=", submission_key)], limit=1):
            raise StopClosedError(self.env._("This payment was already recorded."))
        if method not in dict(COLLECT_METHODS):
            raise UserError(self.env._("Choose how the customer paid."))
        if method != "cash" and not (reference or "").strip():
            raise UserError(self.env._("Enter the check number or the card/PIX transaction reference."))
        invoices = self._driver_open_invoices()
        currency = invoices.currency_id[:1] or self.company_id.currency_id
        due = sum(invoices.mapped("amount_residual"))
        amount = currency.round(amount or 0.0)
        if currency.compare_amounts(amount, 0) <= 0:
            raise UserError(self.env._("Enter the amount received."))
        change = 0.0
        if currency.compare_amounts(amount, due) > 0:
            if overpayment == "change" and method == "cash":
                change, amount = currency.round(amount - due), due
            elif overpayment != "credit":
                raise OverpaymentError(self.env._(
                    "%(amount)s is more than the %(due)s due. Give the difference back as change (cash) "
                    "or keep it as the customer's credit.",
                    amount=currency.format(amount), due=currency.format(due)))
            else:
                self._driver_check_credit(method, currency.round(amount - due), currency)
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids).create({
                "journal_id": self._driver_journal(method).id,
                "amount": amount,
                "payment_date": fields.Date.context_today(self),
                "group_payment": True,
                "payment_difference_handling": "open",
                "communication": " ".join(filter(None, [self.name, reference])),
            })
        payment = wizard._create_payments().sudo()  # returned without sudo
        payment.write({
            "driver_id": self.env.uid, "driver_picking_id": self.id, "driver_collect_method": method,
            "driver_reference": reference or False, "driver_submission_key": submission_key or False,
            "driver_change_amount": change, "driver_credit_amount": max(currency.round(amount - due), 0.0),
        })
        if payment.driver_credit_amount:
            self._driver_notify_credit(payment)
        remaining = currency.round(max(due - amount, 0.0))
        self.message_post(body=self.env._(
            "%(method)s payment of %(amount)s collected by the driver.%(rest)s",
            method=dict(COLLECT_METHODS)[method], amount=currency.format(amount),
            rest=(" " + self.env._("Remaining due: %s.", currency.format(remaining))) if remaining else ""),
            subtype_xmlid="mail.mt_note")
        return {"payment": payment, "paid": amount, "change": change, "remaining": remaining, "currency": currency}

    def _driver_check_credit(self, method, excess, currency):
        """Credit kept from an overpayment: cash is money in the driver's hand; a card,
        PIX or check excess only up to the company's limit (0: never), since nothing
        proves the customer paid it until the bank statement comes."""
        limit = self.company_id.driver_credit_limit
        if method != "cash" and currency.compare_amounts(excess, limit) > 0:
            raise CreditRefusedError(self.env._(
                "%(excess)s more than due cannot be kept as credit on a %(method)s payment: "
                "charge the amount due only.",
                excess=currency.format(excess), method=dict(COLLECT_METHODS)[method]))

    def _driver_notify_credit(self, payment):
        """The office sees every credit a driver created: a note on the stop and on the
        order, and a to-do for the salesperson."""
        body = self.env._(
            "%(driver)s kept %(credit)s as customer credit (%(method)s payment %(payment)s): check it was received.",
            driver=payment.driver_id.name, credit=payment.currency_id.format(payment.driver_credit_amount),
            method=dict(COLLECT_METHODS)[payment.driver_collect_method], payment=payment.name)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        order = self.sale_id
        if order:
            order.message_post(body=body, subtype_xmlid="mail.mt_note")
            if order.user_id:
                order.activity_schedule("mail.mail_activity_data_todo", user_id=order.user_id.id,
                                        summary=self.env._("Customer credit kept by a driver"), note=body)
