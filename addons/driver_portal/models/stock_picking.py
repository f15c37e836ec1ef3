"""Outgoing pickings as a driver's stops: assignment, what the portal shows, proof of
delivery, payment collection and stock validation. One model, one file; the sections
below follow a stop's life."""

import ast
import base64
import binascii
import logging
from urllib.parse import quote_plus, urlencode

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang
from odoo.tools.misc import get_lang, hash_sign, verify_hash_signed

from odoo.addons.base.models.res_lang import intersperse

_logger = logging.getLogger(__name__)

SCAN_SCOPE = "driver_portal.stop_scan"


class StopClosedError(UserError):
    """The stop was already delivered or failed: a second close must create nothing."""


COLLECT_METHODS = [("cash", "Cash"), ("check", "Check"), ("card", "Card"), ("pix", "PIX")]


class OverpaymentError(UserError):
    """More money than due, not confirmed by the driver as change or as credit."""

    code = "overpayment"


class CreditRefusedError(OverpaymentError):
    """More than due on a card, PIX or check, kept as credit beyond the company's limit."""

    code = "credit_refused"


MAX_CONFIRMATIONS = 5  # wizards answered one after the other before giving up


class DriverValidationError(UserError):
    """The picking could not be validated from the portal; the reason is in the log."""


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # --- Assignment: driver, day, vehicle, stop order, scan links ---
    # Delivery assignment: who delivers an outgoing picking, on which day, with which vehicle
    # and in which order within the driver's day.

    driver_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        copy=False,
        domain=lambda self: [("all_group_ids", "in", self.env.ref("driver_portal.group_delivery_driver").ids)],
    )
    delivery_date = fields.Date(string="Delivery Day", index=True, tracking=True, copy=False)
    vehicle_id = fields.Many2one("fleet.vehicle", tracking=True, copy=False)
    delivery_sequence = fields.Integer(
        string="Stop", default=10, copy=False, help="Order of the stop within the driver's day."
    )

    _driver_day_idx = models.Index("(driver_id, delivery_date, delivery_sequence)")

    @api.constrains("driver_id")
    def _check_driver_is_a_driver(self):
        group = self.env.ref("driver_portal.group_delivery_driver")
        for picking in self.filtered("driver_id"):
            if group not in picking.driver_id.all_group_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a delivery driver: give them the Delivery Driver access first.",
                        user=picking.driver_id.name,
                    )
                )
            if picking.picking_type_code != "outgoing":
                raise ValidationError(self.env._("Only deliveries to customers can be assigned to a driver."))

    # -- QR check on the delivery slip -------------------------------------------------

    def _driver_scan_token(self):
        """Signed token of the stop, printed as a QR code on the delivery slip (HMAC with
        the database secret: it cannot be forged nor pointed at another picking)."""
        self.ensure_one()
        return hash_sign(self.env(su=True), SCAN_SCOPE, {"picking": self.id})

    def _driver_scan_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/driver/scan?{urlencode({'token': self._driver_scan_token()})}"

    @api.model
    def _driver_picking_from_token(self, token):
        """The picking id a scan token was signed for, or ``None`` for a tampered,
        truncated or foreign token."""
        try:
            values = verify_hash_signed(self.env(su=True), SCAN_SCOPE, token or "")
        except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
            return None
        if not isinstance(values, dict) or not isinstance(values.get("picking"), int):
            return None
        return values["picking"]

    def _driver_qr_src(self):
        """Image URL of the QR code printed on the delivery slip (Odoo's barcode route)."""
        self.ensure_one()
        query = urlencode({"barcode_type": "QR", "value": self._driver_scan_url(), "width": 220, "height": 220})
        return f"/report/barcode/?{query}"

    # --- What the driver's portal shows ---
    # What the driver portal shows of a stop, computed for all the stops of a page at once (the
    # page's query count does not grow with its number of stops).


    @api.model
    def _driver_navigation_urls(self, partner):
        """Google Maps and Waze links: from the coordinates, else from the address."""
        if partner.partner_latitude or partner.partner_longitude:
            point = f"{partner.partner_latitude:.6f},{partner.partner_longitude:.6f}"
            return (
                f"https://www.google.com/maps/dir/?api=1&destination={point}",
                f"https://waze.com/ul?ll={point}&navigate=yes",
            )
        address = quote_plus(", ".join(self._driver_address_lines(partner)))
        if not address:
            return False, False
        return (
            f"https://www.google.com/maps/search/?api=1&query={address}",
            f"https://waze.com/ul?q={address}&navigate=yes",
        )

    @api.model
    def _driver_address_lines(self, partner):
        city = " ".join(filter(None, [partner.zip, partner.city]))
        region = ", ".join(filter(None, [city, partner.state_id.code or partner.state_id.name]))
        return [line for line in (partner.street, partner.street2, region) if line]

    @api.model
    def _driver_format_qty(self, qty):
        """Whole quantities as plain numbers (most of a driver's lines); others in the
        user's language. Cheaper than a QWeb widget per line on a 200-stop page."""
        return str(int(qty)) if float(qty).is_integer() else formatLang(self.env, qty, dp="Product Unit")

    def _driver_stop_lines(self):
        """``{stop id: [line]}``: the stops' moves that are not cancelled, in the stops'
        order, each with its product, unit, planned and delivered quantities. Product
        and unit names are read once each, not once per line."""
        moves = self.move_ids
        moves.fetch(["product_id", "product_uom_qty", "quantity", "product_uom", "state"])
        products = {product.id: product.display_name for product in moves.product_id}
        uoms = {uom.id: uom.name for uom in moves.product_uom}
        lines = {}
        for stop in self:
            stop_done = stop.state == "done"
            lines[stop.id] = stop_lines = []
            for move in stop.move_ids:
                if move.state == "cancel":
                    continue
                planned = move.product_uom_qty
                done = move.quantity if stop_done else planned
                planned_str = self._driver_format_qty(planned)
                stop_lines.append(
                    {
                        "move": move,
                        "product": products[move.product_id.id],
                        "uom": uoms[move.product_uom.id],
                        "planned": planned,
                        "done": done,
                        "planned_str": planned_str,
                        "done_str": planned_str if done == planned else self._driver_format_qty(done),
                    }
                )
        return lines

    @api.model
    def _driver_money_formatter(self):
        """``money(amount, currency)``: the text of Odoo's monetary widget (the
        language's digit grouping and separators, symbol before or after). The language
        is read once per page: the widget, and ``res.lang.format``, parse the grouping
        again on every call, a tenth of a second on a 200-stop day."""
        data = self.env["res.lang"]._get_data(id=get_lang(self.env).id)
        grouping = ast.literal_eval(data.grouping)
        thousands, decimal = data.thousands_sep or "", data.decimal_point

        def money(amount, currency):
            units, _dot, cents = f"{currency.round(amount):.{currency.decimal_places}f}".partition(".")
            text = intersperse(units, grouping, thousands)[0] + (decimal + cents if cents else "")
            if not currency.symbol:
                return text
            return (
                f"{text}\N{NO-BREAK SPACE}{currency.symbol}"
                if currency.position == "after"
                else f"{currency.symbol}\N{NO-BREAK SPACE}{text}"
            )

        return money

    def _driver_stop_cards(self):
        """One dict per stop, in the order of ``self``: the stop, its customer, address,
        phone, navigation links, lines (product, planned and delivered quantities, unit)
        and amount due. ``self`` must be stops the current driver owns (sudo is fine)."""
        dues = self._driver_amounts_due()
        lines = self._driver_stop_lines()
        self.partner_id.fetch(
            ["name", "street", "street2", "zip", "city", "state_id", "phone", "partner_latitude", "partner_longitude"]
        )
        money = self._driver_money_formatter()
        cards = []
        for stop in self:
            partner = stop.partner_id
            maps_url, waze_url = self._driver_navigation_urls(partner) if partner else (False, False)
            due = dues[stop.id]
            due["due_str"] = money(due["due"], due["currency"])
            # plain values for the templates: a record field read in QWeb costs more
            driver_state, done = stop.driver_state, stop.state == "done"
            cards.append(
                {
                    "stop": stop,
                    "id": stop.id,
                    "name": stop.name,
                    "driver_state": driver_state,
                    "is_done": done,
                    "status": "delivered" if done else driver_state,
                    "partner": partner,
                    "partner_name": partner.name or "",
                    "address": self._driver_address_lines(partner) if partner else [],
                    "phone": partner.phone or False,
                    "phone_href": "tel:" + "".join(c for c in (partner.phone or "") if c.isdigit() or c == "+"),
                    "maps_url": maps_url,
                    "waze_url": waze_url,
                    "lines": lines[stop.id],
                    "due": due,
                }
            )
        return cards

    # --- Proof of delivery and failed stops ---
    # Closing a stop from the driver portal: proof of delivery, or a failure reason.


    driver_state = fields.Selection(
        [("todo", "To Deliver"), ("delivered", "Delivered"), ("failed", "Failed")],
        string="Stop Status",
        default="todo",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    delivery_recipient = fields.Char(string="Received By", copy=False, readonly=True)
    delivery_signature = fields.Binary(string="Recipient Signature", attachment=True, copy=False, readonly=True)
    delivery_notes = fields.Text(string="Driver Notes", copy=False, readonly=True)
    delivery_photo_ids = fields.Many2many(
        "ir.attachment",
        "driver_picking_photo_rel",
        "picking_id",
        "attachment_id",
        string="Delivery Photos",
        copy=False,
        readonly=True,
    )
    delivery_latitude = fields.Float(string="Delivered at Latitude", digits=(10, 7), copy=False, readonly=True)
    delivery_longitude = fields.Float(string="Delivered at Longitude", digits=(10, 7), copy=False, readonly=True)
    delivery_gps_accuracy = fields.Float(string="GPS Accuracy (m)", copy=False, readonly=True)
    delivery_gps_time = fields.Datetime(
        string="Device Time", copy=False, readonly=True, help="When the driver's phone took the GPS position."
    )
    delivered_at = fields.Datetime(string="Delivered On", copy=False, readonly=True)
    delivered_by_id = fields.Many2one("res.users", string="Delivered by Driver", copy=False, readonly=True)
    failure_reason_id = fields.Many2one("driver.failure.reason", copy=False, readonly=True, index="btree_not_null")
    failure_note = fields.Text(copy=False, readonly=True)
    failed_at = fields.Datetime(string="Failed On", copy=False, readonly=True)
    failed_by_id = fields.Many2one("res.users", string="Failed by Driver", copy=False, readonly=True)

    def write(self, vals):
        # Planning a failed stop again (new driver and day) puts it back on a driver's list.
        if vals.get("driver_id") and "driver_state" not in vals:
            failed = self.filtered(lambda p: p.driver_state == "failed")
            if failed:
                super(StockPicking, failed).write({"driver_state": "todo"})
        return super().write(vals)

    def _driver_lock(self):
        """Lock the stop's row until the transaction ends, then re-read it: two closes of
        the same stop (double tap, retry) run one after the other, and the second sees
        the first one's result. Raises :class:`StopClosedError` on a closed stop."""
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM stock_picking WHERE id = %s FOR UPDATE", [self.id])
        self.invalidate_recordset()
        self._driver_check_open()

    def _driver_check_open(self):
        """Raise :class:`StopClosedError` when the stop is delivered, failed or cancelled."""
        self.ensure_one()
        if self.driver_state == "delivered" or self.state == "done":
            raise StopClosedError(self.env._("This stop was already delivered."))
        if self.driver_state == "failed" or self.state == "cancel":
            raise StopClosedError(self.env._("This stop is already closed."))

    @api.model
    def _driver_check_quantities(self, moves, quantities):
        """Quantities typed by the driver, by move id: none above the planned quantity,
        none negative, not all zero. ``None`` means "as planned"."""
        if not quantities:
            return {move.id: move.product_uom_qty for move in moves}
        unknown = set(quantities) - set(moves.ids)
        if unknown:
            raise UserError(self.env._("A delivered line does not belong to this stop."))
        result = {}
        for move in moves:
            qty = quantities.get(move.id, move.product_uom_qty)
            if qty < 0 or float_compare(qty, move.product_uom_qty, precision_rounding=move.product_uom.rounding) > 0:
                raise UserError(
                    self.env._(
                        "Delivered quantity of %(product)s must be between 0 and %(planned)s.",
                        product=move.product_id.display_name,
                        planned=move.product_uom_qty,
                    )
                )
            result[move.id] = qty
        if not any(result.values()):
            raise UserError(self.env._("Nothing delivered: report a failed delivery instead."))
        return result

    def _driver_mark_delivered(self, proof, quantities=None):
        """Close the stop as delivered: lock, validate the picking with the delivered
        quantities (a backorder takes the rest: see ``_driver_validate``), store the proof and post it
        in the chatter. Call on a stop whose ownership the caller checked.

        :param dict proof: ``recipient``, ``signature`` (PNG bytes), ``photos`` (list of
            ``(filename, mimetype, bytes)``), ``notes``, ``latitude``, ``longitude``,
            ``accuracy``, ``gps_time`` (all but recipient and signature optional)
        :param dict quantities: delivered quantity by move id; ``None`` = as planned
        """
        self.ensure_one()
        self._driver_lock()
        moves = self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        done_qty = self._driver_check_quantities(moves, quantities)
        # before validation: the backorder then takes the rest off the planned quantity
        partial = [
            f"{m.product_id.display_name} {done_qty[m.id]:g}/{m.product_uom_qty:g}"
            for m in moves
            if float_compare(done_qty[m.id], m.product_uom_qty, precision_rounding=m.product_uom.rounding) < 0
        ]
        for move in moves:
            move.quantity = done_qty[move.id]
            move.picked = True
        self._driver_validate()
        message = self._driver_post_delivered_message(proof, partial)
        photos = message.attachment_ids.filtered(lambda a: a.name != "signature.png")
        self.write(
            {
                "driver_state": "delivered",
                "delivery_recipient": proof["recipient"],
                "delivery_signature": base64.b64encode(proof["signature"]),
                "delivery_notes": proof.get("notes") or False,
                "delivery_photo_ids": [fields.Command.set(photos.ids)],
                "delivery_latitude": proof.get("latitude") or 0.0,
                "delivery_longitude": proof.get("longitude") or 0.0,
                "delivery_gps_accuracy": proof.get("accuracy") or 0.0,
                "delivery_gps_time": proof.get("gps_time") or False,
                "delivered_at": fields.Datetime.now(),
                "delivered_by_id": self.env.uid,
            }
        )
        return True

    def _driver_post_delivered_message(self, proof, partial):
        """The proof in the chatter: text, signature and photos as the message's
        attachments (private attachments of the picking)."""
        body = self.env._("Delivered to %(recipient)s.", recipient=proof["recipient"])
        if proof.get("latitude") is not None:
            body += " " + self.env._("Position: %(lat)s, %(long)s.", lat=proof["latitude"], long=proof["longitude"])
        if partial:
            body += " " + self.env._("Partial delivery: %(lines)s.", lines=", ".join(partial))
        if proof.get("notes"):
            body += " " + self.env._("Notes: %(notes)s", notes=proof["notes"])
        files = [("signature.png", proof["signature"])]
        files += [(name, data) for name, _mime, data in proof.get("photos") or []]
        return self.message_post(body=body, attachments=files, subtype_xmlid="mail.mt_note")

    def _driver_mark_failed(self, reason, note):
        """Close the stop as failed: flag it, take it off the driver's day (back to the
        office's "to reschedule" queue) and tell the chatter."""
        self.ensure_one()
        self._driver_lock()
        if not reason.active:
            raise UserError(self.env._("Choose a reason for the failed delivery."))
        if reason.requires_note and not note:
            raise UserError(self.env._("This reason needs a note: tell the office what happened."))
        self.write(
            {
                "driver_state": "failed",
                "failure_reason_id": reason.id,
                "failure_note": note or False,
                "failed_at": fields.Datetime.now(),
                "failed_by_id": self.env.uid,
                "driver_id": False,
                "delivery_date": False,
            }
        )
        body = self.env._("Delivery failed: %(reason)s.", reason=reason.name)
        if note:
            body += " " + note
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    # --- Payment collection at the door ---
    # Amount due at a stop and payment collected by the driver.


    driver_payment_ids = fields.One2many(
        "account.payment", "driver_picking_id", string="Collected Payments", readonly=True
    )

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
        order_lines.invoice_lines.move_id.fetch(
            ["move_type", "state", "amount_total", "amount_residual", "payment_state"]
        )
        seen = set()
        for order_line in order_lines:
            order = order_line.order_id
            for move in order_line.invoice_lines.move_id:
                if (
                    move.state != "posted"
                    or move.move_type not in ("out_invoice", "out_refund")
                    or (order.id, move.id) in seen
                ):
                    continue
                seen.add((order.id, move.id))
                sign = -1 if move.move_type == "out_refund" else 1
                entry = totals[order.id]
                entry["invoiced"] += sign * move.amount_total
                if (
                    move.move_type == "out_invoice"
                    and move.payment_state in ("not_paid", "partial")
                    and move.amount_residual > 0
                ):
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
                result[picking.id] = {
                    "due": 0.0,
                    "invoiced_due": 0.0,
                    "cod_due": 0.0,
                    "currency": picking.company_id.currency_id,
                }
                continue
            cod = max(order.amount_total - entry["invoiced"], 0.0)
            result[picking.id] = {
                "due": order.currency_id.round(entry["residual"] + cod),
                "invoiced_due": entry["residual"],
                "cod_due": order.currency_id.round(cod),
                "currency": order.currency_id,
            }
        return result

    def _driver_open_invoices(self):
        """The order's open customer invoices; the uninvoiced part (cash on delivery) is
        invoiced and posted first, from the sale order."""
        self.ensure_one()
        order = self.sale_id
        if not order or order.state != "sale":
            raise UserError(self.env._("There is nothing to collect for this stop."))
        entry = self._driver_invoice_totals()[order.id]
        if (
            order.currency_id.compare_amounts(order.amount_total - entry["invoiced"], 0) > 0
            and order.invoice_status == "to invoice"
        ):
            try:
                invoices = order._create_invoices()
            except UserError as exc:
                raise UserError(
                    self.env._("The order cannot be invoiced yet (%(reason)s): deliver the stop first.", reason=exc)
                ) from exc
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
                [("type", "=", journal_type), ("company_id", "=", company.id)], limit=1
            )
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
                raise OverpaymentError(
                    self.env._(
                        "%(amount)s is more than the %(due)s due. Give the difference back as change (cash) "
                        "or keep it as the customer's credit.",
                        amount=currency.format(amount),
                        due=currency.format(due),
                    )
                )
            else:
                self._driver_check_credit(method, currency.round(amount - due), currency)
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(
                {
                    "journal_id": self._driver_journal(method).id,
                    "amount": amount,
                    "payment_date": fields.Date.context_today(self),
                    "group_payment": True,
                    "payment_difference_handling": "open",
                    "communication": " ".join(filter(None, [self.name, reference])),
                }
            )
        )
        payment = wizard._create_payments().sudo()  # returned without sudo
        payment.write(
            {
                "driver_id": self.env.uid,
                "driver_picking_id": self.id,
                "driver_collect_method": method,
                "driver_reference": reference or False,
                "driver_submission_key": submission_key or False,
                "driver_change_amount": change,
                "driver_credit_amount": max(currency.round(amount - due), 0.0),
            }
        )
        if payment.driver_credit_amount:
            self._driver_notify_credit(payment)
        remaining = currency.round(max(due - amount, 0.0))
        self.message_post(
            body=self.env._(
                "%(method)s payment of %(amount)s collected by the driver.%(rest)s",
                method=dict(COLLECT_METHODS)[method],
                amount=currency.format(amount),
                rest=(" " + self.env._("Remaining due: %s.", currency.format(remaining))) if remaining else "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"payment": payment, "paid": amount, "change": change, "remaining": remaining, "currency": currency}

    def _driver_check_credit(self, method, excess, currency):
        """Credit kept from an overpayment: cash is money in the driver's hand; a card,
        PIX or check excess only up to the company's limit (0: never), since nothing
        proves the customer paid it until the bank statement comes."""
        limit = self.company_id.driver_credit_limit
        if method != "cash" and currency.compare_amounts(excess, limit) > 0:
            raise CreditRefusedError(
                self.env._(
                    "%(excess)s more than due cannot be kept as credit on a %(method)s payment: "
                    "charge the amount due only.",
                    excess=currency.format(excess),
                    method=dict(COLLECT_METHODS)[method],
                )
            )

    def _driver_notify_credit(self, payment):
        """The office sees every credit a driver created: a note on the stop and on the
        order, and a to-do for the salesperson."""
        body = self.env._(
            "%(driver)s kept %(credit)s as customer credit (%(method)s payment %(payment)s): check it was received.",
            driver=payment.driver_id.name,
            credit=payment.currency_id.format(payment.driver_credit_amount),
            method=dict(COLLECT_METHODS)[payment.driver_collect_method],
            payment=payment.name,
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        order = self.sale_id
        if order:
            order.message_post(body=body, subtype_xmlid="mail.mt_note")
            if order.user_id:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=order.user_id.id,
                    summary=self.env._("Customer credit kept by a driver"),
                    note=body,
                )

    # --- Validating the delivery in stock when the stop is closed ---
    # Validating a stop from the driver portal through Odoo's own ``button_validate``, answering
    # the optional confirmations installed modules add on the way.


    @api.model
    def _driver_confirmation_answers(self):
        """Capability hook: how the portal answers each confirmation wizard that
        ``button_validate`` may return, as ``{wizard model: button method}``. The answer
        is the office's configured choice, never a new decision of the driver:

        - ``stock.backorder.confirmation`` (picking type "Create Backorder: Ask"):
          *Create backorder*: what the driver did not deliver goes back to planning.
          "Never"/"Always" are applied by Odoo itself, without a wizard.
        - ``confirm.stock.sms`` (stock_sms, once per company): *Confirm*: SMS
          confirmations stay as set in the Inventory settings (the wizard only appears
          while they are on).

        A module adding another wizard extends this mapping; a wizard without an answer
        stops the validation (the reason is logged for the office).
        """
        return {"stock.backorder.confirmation": "process", "confirm.stock.sms": "send_sms"}

    def _driver_validate(self):
        """Validate the stop as the office would press "Validate" and answer the
        wizards. Raises :class:`DriverValidationError` (logged with the reason) when
        the picking is still not done."""
        self.ensure_one()
        answers = self._driver_confirmation_answers()
        try:
            result = self.button_validate()
            for _round in range(MAX_CONFIRMATIONS):
                if self.state == "done" or not self._driver_is_wizard(result):
                    break
                method = answers.get(result["res_model"])
                if not method or result["res_model"] not in self.env:
                    break
                result = getattr(self._driver_wizard(result), method)()
        except UserError as exc:
            self._driver_validation_failed(str(exc.args[0] if exc.args else exc))
            raise DriverValidationError(self._driver_validation_message()) from exc
        if self.state != "done":
            reason = (
                f"unanswered confirmation {result.get('res_model')!r} ({result.get('name')})"
                if self._driver_is_wizard(result)
                else f"picking left in state {self.state!r}"
            )
            self._driver_validation_failed(reason)
            raise DriverValidationError(self._driver_validation_message())

    @api.model
    def _driver_is_wizard(self, result):
        return (
            isinstance(result, dict) and result.get("type") == "ir.actions.act_window" and bool(result.get("res_model"))
        )

    @api.model
    def _driver_wizard(self, action):
        """The wizard record an action opens, as the web client would: the record the
        action names, else a new one from the action's context (its defaults)."""
        model = self.env[action["res_model"]].with_context(**(action.get("context") or {}))
        return model.browse(action["res_id"]) if action.get("res_id") else model.create({})

    def _driver_validation_failed(self, reason):
        _logger.warning(
            "Driver %s could not validate stop %s (id %s): %s", self.env.user.login, self.name, self.id, reason
        )

    def _driver_validation_message(self):
        return self.env._("The delivery could not be validated: ask the office.")
