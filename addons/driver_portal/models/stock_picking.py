import binascii
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import hash_sign, verify_hash_signed

SCAN_SCOPE = "driver_portal.stop_scan"


class StockPicking(models.Model):
    """Delivery assignment: who delivers an outgoing picking, on which day, with which
    vehicle and in which order within the driver's day."""

    _inherit = "stock.picking"

    driver_id = fields.Many2one(
        "res.users", index=True, tracking=True, copy=False,
        domain=lambda self: [("all_group_ids", "in", self.env.ref("driver_portal.group_delivery_driver").ids)],
    )
    delivery_date = fields.Date(string="Delivery Day", index=True, tracking=True, copy=False)
    vehicle_id = fields.Many2one("fleet.vehicle", tracking=True, copy=False)
    delivery_sequence = fields.Integer(string="Stop", default=10, copy=False,
                                       help="Order of the stop within the driver's day.")

    _driver_day_idx = models.Index("(driver_id, delivery_date, delivery_sequence)")

    @api.constrains("driver_id")
    def _check_driver_is_a_driver(self):
        group = self.env.ref("driver_portal.group_delivery_driver")
        for picking in self.filtered("driver_id"):
            if group not in picking.driver_id.all_group_ids:
                raise ValidationError(self.env._(
                    "%(user)s is not a delivery driver: give them the Delivery Driver access first.",
                    user=picking.driver_id.name))
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
