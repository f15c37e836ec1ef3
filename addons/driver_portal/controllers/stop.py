import base64
import binascii
import datetime
import uuid

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.stock_picking import StopClosedError
from ..tools.images import MAX_BYTES, ImageError, clean_image, signature_png
from .common import (
    MAX_TIMESTAMP_MS,
    check_driver,
    driver_only,
    json_answer,
    own_stop,
    parse_float,
    parse_id,
    run_in_savepoint,
    wants_json,
)

MAX_PHOTOS = 6


class PhotoError(UserError):
    """A refused photo; ``code`` is the :class:`ImageError` code (``too_large``...)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class DriverStop(http.Controller):
    """One stop: details, delivered (with proof) or failed, and the QR check."""

    def _stop_page(self, stop, status=200, error=None, done=None, scanned=False):
        card = stop.sudo()._driver_stop_cards()[0]
        payments = stop.sudo().driver_payment_ids
        return request.render("driver_portal.driver_stop", {
            "card": card, "stop": card["stop"], "error": error, "done": done, "scanned": scanned,
            "reasons": request.env["driver.failure.reason"].sudo().search([]),
            "payments": payments, "submission_key": uuid.uuid4().hex,
            "collect_methods": payments._fields["driver_collect_method"]._description_selection(request.env),
            "max_photo_mb": MAX_BYTES // (1024 * 1024), "page_name": "driver_stop",
        }, status=status)

    def _refuse(self, stop, exc):
        """A refused close: 409 when the stop is already closed, else 400 with the reason."""
        status, code = (409, "already_closed") if isinstance(exc, StopClosedError) else (400, "invalid")
        if isinstance(exc, (ImageError, PhotoError)):
            code = f"image_{exc.code}"
        message = exc.args[0]
        if wants_json():
            return json_answer(False, code, message, status)
        return self._stop_page(stop, status=status, error=message)

    @http.route("/driver/stop/<int:picking_id>", type="http", auth="user", website=True,
                methods=["GET"], readonly=True)
    @driver_only
    def stop_page(self, picking_id, done=None, scanned=None, **kwargs):
        return self._stop_page(own_stop(picking_id), done=done, scanned=bool(scanned))

    @http.route("/driver/stop/<int:picking_id>/deliver", type="http", auth="user", website=True,
                methods=["POST"], csrf=True)
    @driver_only
    def stop_deliver(self, picking_id, **post):
        stop = own_stop(picking_id)
        try:
            # a closed stop answers before the uploads are read: a request replayed after
            # a concurrent close (serialization retry) finds "already delivered"
            stop.sudo()._driver_check_open()
            proof = self._read_proof(post)
            quantities = self._read_quantities(post)
            # ownership checked above; validating a picking needs stock rights a driver has not
            run_in_savepoint(stop.sudo()._driver_mark_delivered, proof, quantities)
        except (UserError, ImageError) as exc:
            return self._refuse(stop, exc)
        if wants_json():
            return json_answer(True, "delivered", request.env._("Delivered."))
        return request.redirect(f"/driver/stop/{stop.id}?done=delivered", code=303)

    @http.route("/driver/stop/<int:picking_id>/fail", type="http", auth="user", website=True,
                methods=["POST"], csrf=True)
    @driver_only
    def stop_fail(self, picking_id, reason_id=None, note=None, **post):
        stop = own_stop(picking_id)
        reason = request.env["driver.failure.reason"].sudo().browse(parse_id(reason_id) or 0).exists()
        try:
            if not reason:
                raise UserError(request.env._("Choose a reason for the failed delivery."))
            run_in_savepoint(stop.sudo()._driver_mark_failed, reason, (note or "").strip())
        except UserError as exc:
            return self._refuse(stop, exc)
        if wants_json():
            return json_answer(True, "failed", request.env._("The stop went back to the office."))
        return request.redirect("/driver?done=failed", code=303)

    def _read_proof(self, post):
        """The delivery proof from the form, checked: recipient and signature required,
        photos re-encoded without metadata, GPS only when plausible."""
        env = request.env
        recipient = (post.get("recipient_name") or "").strip()
        if not recipient:
            raise UserError(env._("Enter the name of the person who received the delivery."))
        signature = post.get("signature") or ""
        if "," in signature:
            signature = signature.split(",", 1)[1]  # data URL from the canvas
        try:
            signature = signature_png(base64.b64decode(signature, validate=True))
        except (binascii.Error, ValueError) as exc:
            raise UserError(env._("Ask the recipient to sign in the box.")) from exc
        photos = []
        files = [f for f in request.httprequest.files.getlist("photos") if f.filename]
        if len(files) > MAX_PHOTOS:
            raise UserError(env._("At most %s photos per delivery.", MAX_PHOTOS))
        for index, upload in enumerate(files, start=1):
            try:
                upload.stream.seek(0)  # the request may be replayed after a concurrency retry
                data, mimetype, ext = clean_image(upload.read(MAX_BYTES + 1))
            except ImageError as exc:
                raise PhotoError(exc.code, self._photo_error(upload.filename, exc)) from exc
            photos.append((f"delivery-photo-{index}.{ext}", mimetype, data))
        latitude = parse_float(post.get("latitude"), -90, 90)
        longitude = parse_float(post.get("longitude"), -180, 180)
        if latitude is None or longitude is None:
            latitude = longitude = None
        gps_ms = parse_float(post.get("gps_time"), 0, MAX_TIMESTAMP_MS)
        return {
            "recipient": recipient[:200], "signature": signature, "photos": photos,
            "notes": (post.get("notes") or "").strip()[:2000],
            "latitude": latitude, "longitude": longitude,
            "accuracy": parse_float(post.get("accuracy"), 0) if latitude is not None else None,
            "gps_time": datetime.datetime.fromtimestamp(gps_ms / 1000, datetime.timezone.utc).replace(tzinfo=None)
            if gps_ms and latitude is not None else None,
        }

    def _photo_error(self, filename, exc):
        env = request.env
        if exc.code == "too_many_pixels":
            return env._("%(file)s has too many pixels: take the photo again at a lower resolution.", file=filename)
        if exc.code == "too_large":
            return env._("%(file)s is too large: photos up to %(mb)s MB.", file=filename, mb=MAX_BYTES // 1048576)
        if exc.code == "empty":
            return env._("%(file)s is empty.", file=filename)
        return env._("%(file)s is not a photo (JPEG, PNG or WebP only).", file=filename)

    def _read_quantities(self, post):
        """Per-line quantities (``qty_<move id>`` fields), only for a partial delivery."""
        if post.get("partial") != "1":
            return None
        quantities = {}
        for key, value in post.items():
            move_id = parse_id(key[4:]) if key.startswith("qty_") else None
            if move_id is not None:
                qty = parse_float(value, 0)
                if qty is None:
                    raise UserError(request.env._("Enter delivered quantities as numbers."))
                quantities[move_id] = qty
        return quantities

    @http.route("/driver/scan", type="http", auth="user", website=True,
                methods=["GET"])
    @driver_only
    def scan(self, token=None, **kwargs):
        """The QR code of a delivery slip: open that stop if it is the driver's own."""
        check_driver()
        if not token:
            return request.render("driver_portal.driver_scan", {"page_name": "driver_scan"})
        picking_id = request.env["stock.picking"]._driver_picking_from_token(token)
        stop = request.env["stock.picking"].search([("id", "=", picking_id or 0), ("driver_id", "=", request.env.uid)])
        if not stop:
            message = (request.env._("This code is not valid.") if picking_id is None
                       else request.env._("This delivery is not on your list: do not deliver it, call the office."))
            if wants_json():
                return json_answer(False, "invalid_token" if picking_id is None else "not_yours", message, 403)
            return request.render("driver_portal.driver_scan", {"page_name": "driver_scan", "error": message},
                                  status=403)
        return request.redirect(f"/driver/stop/{stop.id}?scanned=1", code=303)
