from odoo import api, models

from .retail_booking import ACTIVE_STATES


class DispatchBoard(models.AbstractModel):
    """Board cards show the unloading slot booked for the stop (retailer, DC, day and
    window, protocol) while its booking is active."""

    _inherit = "dispatch.board"

    @api.model
    def _board_stop_fields(self):
        return [*super()._board_stop_fields(), "retail_booking_id"]

    @api.model
    def _card(self, stop, lanes):
        card = super()._card(stop, lanes)
        # load_board checked the dispatcher group; the slot is shown without booking rights.
        # the bookings share one prefetch set: one query each for bookings, DCs and retailers
        # (none without an active booking), however many cards
        booking = stop.sudo().retail_booking_id
        card["booking"] = self._booking_card(booking, stop) if booking.state in ACTIVE_STATES else False
        return card

    @api.model
    def _booking_card(self, booking, stop):
        start, end = booking._slot_local()
        states = dict(booking._fields["state"]._description_selection(self.env))
        return {
            "id": booking.id, "name": booking.name, "state": booking.state, "state_label": states[booking.state],
            "retailer": booking.retailer_id.name or "", "dc": booking.dc_id.name or "",
            "date": start.date().isoformat(), "window": f"{start:%H:%M}-{end:%H:%M}",
            "protocol": booking.protocol or "",
            # the stop sits on another day than its slot (booked after it was planned)
            "other_day": bool(stop.delivery_date) and stop.delivery_date != start.date(),
        }
