from odoo import fields, models

# a booking holds its slot at the retailer's DC while it is in one of these states
ACTIVE_STATES = ("requested", "booked", "confirmed")


class RetailBooking(models.Model):
    _inherit = "retail.booking"

    def _slot_local(self):
        """(start, end) of the booked window as local datetimes, in the timezone the
        booking robot types the slot on the portal with (see ``_robot_data``)."""
        self.ensure_one()
        tz_self = self.with_context(tz=self.env.user.tz or "America/Sao_Paulo")
        return (fields.Datetime.context_timestamp(tz_self, self.window_start),
                fields.Datetime.context_timestamp(tz_self, self.window_end))
