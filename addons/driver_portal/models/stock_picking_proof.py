import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StopClosedError(UserError):
    """The stop was already delivered or failed: a second close must create nothing."""


# One extension of stock.picking per concern (assignment, portal display, proof, payment),
# each file under ~200 lines: pylint-odoo would have them merged into one.
class StockPicking(models.Model):
    """Closing a stop from the driver portal: proof of delivery, or a failure reason."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    driver_state = fields.Selection(
        [("todo", "To Deliver"), ("delivered", "Delivered"), ("failed", "Failed")],
        string="Stop Status", default="todo", required=True, index=True, tracking=True, copy=False)
    delivery_recipient = fields.Char(string="Received By", copy=False, readonly=True)
    delivery_signature = fields.Binary(string="Recipient Signature", attachment=True, copy=False, readonly=True)
    delivery_notes = fields.Text(string="Driver Notes", copy=False, readonly=True)
    delivery_photo_ids = fields.Many2many(
        "ir.attachment", "driver_picking_photo_rel", "picking_id", "attachment_id",
        string="Delivery Photos", copy=False, readonly=True)
    delivery_latitude = fields.Float(string="Delivered at Latitude", digits=(10, 7), copy=False, readonly=True)
    delivery_longitude = fields.Float(string="Delivered at Longitude", digits=(10, 7), copy=False, readonly=True)
    delivery_gps_accuracy = fields.Float(string="GPS Accuracy (m)", copy=False, readonly=True)
    delivery_gps_time = fields.Datetime(string="Device Time", copy=False, readonly=True,
                                        help="When the driver's phone took the GPS position.")
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
                raise UserError(self.env._(
                    "Delivered quantity of %(product)s must be between 0 and %(planned)s.",
                    product=move.product_id.display_name, planned=move.product_uom_qty))
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
        partial = [f"{m.product_id.display_name} {done_qty[m.id]:g}/{m.product_uom_qty:g}" for m in moves
                   if float_compare(done_qty[m.id], m.product_uom_qty, precision_rounding=m.product_uom.rounding) < 0]
        for move in moves:
            move.quantity = done_qty[move.id]
            move.picked = True
        self._driver_validate()
        message = self._driver_post_delivered_message(proof, partial)
        photos = message.attachment_ids.filtered(lambda a: a.name != "signature.png")
        self.write({
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
        })
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
        self.write({
            "driver_state": "failed", "failure_reason_id": reason.id, "failure_note": note or False,
            "failed_at": fields.Datetime.now(), "failed_by_id": self.env.uid,
            "driver_id": False, "delivery_date": False,
        })
        body = self.env._("Delivery failed: %(reason)s.", reason=reason.name)
        if note:
            body += " " + note
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True
