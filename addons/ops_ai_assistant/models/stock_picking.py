"""Rescheduling a delivery from the Operations Assistant (``propose_reschedule``): which
pickings may move and the values that move them."""

from datetime import datetime

import pytz

from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _ai_check_reschedulable(self):
        """Raise ``UserError`` unless this is an outgoing delivery still to be made."""
        self.ensure_one()
        if self.picking_type_code != "outgoing":
            raise UserError(self.env._("%s is not a delivery to a customer.", self.display_name))
        delivered = "driver_state" in self._fields and self.driver_state == "delivered"  # driver_portal
        if self.state in ("done", "cancel") or delivered:
            state = dict(self._fields["state"]._description_selection(self.env)).get(self.state, self.state)
            raise UserError(self.env._("%(name)s is %(state)s: it cannot be rescheduled.",
                                       name=self.display_name, state=state))

    def _ai_reschedule_values(self, day):
        """The values moving this delivery to ``day``: the scheduled date keeps its time of
        day in the user's time zone; driver_portal's driver day (when installed) follows."""
        self.ensure_one()
        tz = pytz.timezone(self.env.user.tz or "UTC")
        current = pytz.utc.localize(self.scheduled_date or fields.Datetime.now()).astimezone(tz)
        moved = tz.localize(datetime.combine(day, current.time().replace(tzinfo=None)))
        values = {"scheduled_date": moved.astimezone(pytz.utc).replace(tzinfo=None)}
        if "delivery_date" in self._fields:
            values["delivery_date"] = day
        return values
