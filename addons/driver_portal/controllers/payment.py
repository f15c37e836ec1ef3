from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.stock_picking import OverpaymentError, StopClosedError
from .common import driver_only, json_answer, own_stop, parse_float, run_in_savepoint, wants_json
from .stop import DriverStop


class DriverPayment(DriverStop):
    """Money collected at a stop: cash, check, card or PIX."""

    @http.route("/driver/stop/<int:picking_id>/pay", type="http", auth="user", website=True,
                methods=["POST"], csrf=True)
    @driver_only
    def stop_pay(self, picking_id, **post):
        """Form fields: ``method`` (cash/check/card/pix), ``amount``, ``reference``
        (check number, card or PIX transaction), ``submission_key`` (one per form
        display: a resubmission records nothing), ``overpayment`` (change/credit)."""
        stop = own_stop(picking_id)
        try:
            amount = parse_float(post.get("amount"), 0)
            if amount is None:
                raise UserError(request.env._("Enter the amount received."))
            # ownership checked above; the driver has no accounting rights of their own
            result = run_in_savepoint(
                stop.sudo()._driver_collect_payment, post.get("method"), amount,
                reference=(post.get("reference") or "").strip()[:100],
                submission_key=(post.get("submission_key") or "").strip()[:64] or None,
                overpayment=post.get("overpayment") or None)
        except (OverpaymentError, StopClosedError) as exc:
            code = exc.code if isinstance(exc, OverpaymentError) else "already_recorded"
            if wants_json():
                return json_answer(False, code, exc.args[0], 409)
            return self._stop_page(stop, status=409, error=exc.args[0])
        except UserError as exc:
            return self._refuse(stop, exc)
        if wants_json():
            return json_answer(True, "paid", request.env._("Payment recorded."), payment_id=result["payment"].id,
                               paid=result["paid"], change=result["change"], remaining=result["remaining"])
        return request.redirect(f"/driver/stop/{stop.id}?done=paid", code=303)
