from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from .retail_booking import ACTIVE_STATES


class StockPicking(models.Model):
    """A delivery with an active unloading booking keeps its booked day: the board, the
    optimiser and the form may reorder it or give it another driver, not another day,
    until the booking is cancelled or re-booked."""

    _inherit = "stock.picking"

    def write(self, vals):
        # one guard for every path that sets the day (board, plan apply, form, RPC);
        # clearing the day (a failed delivery back to the office) is not a move
        if vals.get("delivery_date"):
            day = fields.Date.to_date(vals["delivery_date"])
            for picking in self:
                refusal = picking._retail_booking_day_refusal(day)
                if refusal:
                    raise UserError(refusal)
        return super().write(vals)

    def _dispatch_plan_refusal(self, date):
        refusal = super()._dispatch_plan_refusal(date)
        if refusal:
            return refusal
        reason = self._retail_booking_day_refusal(date)
        return ("booked", reason) if reason else None

    def _retail_booking_day_refusal(self, day):
        """Why this delivery may not go on ``day`` because of its booked unloading slot,
        or None. Staying on its current day or going to the booked day is always fine."""
        self.ensure_one()
        # dispatchers need no booking rights for the slot to hold: read it as superuser
        booking = self.sudo().retail_booking_id
        if booking.state not in ACTIVE_STATES or day == self.delivery_date:
            return None
        start, end = booking._slot_local()
        if day == start.date():
            return None
        return self.env._(
            "%(stop)s has the unloading slot %(booking)s (%(dc)s, %(slot)s): cancel or re-book the booking "
            "before moving the delivery to %(day)s.",
            stop=self.name, booking=booking.name, dc=booking.dc_id.name,
            slot=f"{format_date(self.env, start.date())} {start:%H:%M}-{end:%H:%M}", day=format_date(self.env, day))
