import hmac as std_hmac
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.tools.misc import hmac

from ..tools import ical
from .dispatch_board import hhmm

ICAL_SCOPE = "dispatch_board.ical"
PAST_DAYS, FUTURE_DAYS = 7, 60


class ResUsers(models.Model):
    """A driver's shift, and their calendar feed: a secret URL (HMAC of the user id
    with the database secret) that any phone calendar can subscribe to."""

    _inherit = "res.users"

    dispatch_shift_start = fields.Float(string="Shift From", help="Empty: the company's default shift.")
    dispatch_shift_end = fields.Float(string="Shift To")
    dispatch_ical_url = fields.Char(string="Calendar Feed", compute="_compute_dispatch_ical_url",
                                    groups="dispatch_board.group_dispatcher,driver_portal.group_delivery_driver")

    _dispatch_shift_range = models.Constraint(
        "CHECK (COALESCE(dispatch_shift_start, 0) >= 0 AND COALESCE(dispatch_shift_end, 0) <= 24"
        " AND (COALESCE(dispatch_shift_end, 0) = 0 OR dispatch_shift_start < dispatch_shift_end))",
        "A driver's shift runs from 00:00 to 24:00 and must end after it starts.")

    def _dispatch_shift(self, company):
        """(start, end) hours of the driver's working day."""
        self.ensure_one()
        if self.dispatch_shift_end:
            return self.dispatch_shift_start, self.dispatch_shift_end
        return company.dispatch_shift_start, company.dispatch_shift_end

    def _compute_dispatch_ical_url(self):
        for user in self:
            user.dispatch_ical_url = f"{user.get_base_url()}{user._dispatch_ical_path()}" if user.id else False

    def _dispatch_ical_token(self):
        self.ensure_one()
        return hmac(self.env(su=True), ICAL_SCOPE, self.id)

    def _dispatch_ical_path(self):
        return f"/dispatch/calendar/{self.id}/{self._dispatch_ical_token()}.ics"

    def _dispatch_ical_check(self, token):
        """Whether ``token`` is this driver's feed token (constant-time comparison)."""
        self.ensure_one()
        return std_hmac.compare_digest(self._dispatch_ical_token(), str(token or ""))

    def _dispatch_ical(self):
        """The feed: one event per stop from a week ago to two months ahead, at its
        delivery window, in the driver's time zone."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        stops = self.env["stock.picking"].sudo().search_fetch([
            ("driver_id", "=", self.id), ("picking_type_code", "=", "outgoing"), ("state", "!=", "cancel"),
            ("delivery_date", ">=", today - timedelta(days=PAST_DAYS)),
            ("delivery_date", "<=", today + timedelta(days=FUTURE_DAYS)),
        ], ["name", "partner_id", "delivery_date", "delivery_window_start", "delivery_window_end",
            "delivery_sequence", "write_date"], order="delivery_date, delivery_sequence, id")
        zone = pytz.timezone(self.tz or self.company_id.partner_id.tz or "UTC")
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")

        def at(day, hours):
            naive = datetime.combine(day, time()) + timedelta(minutes=round(hours * 60))
            return zone.localize(naive).astimezone(pytz.utc)

        events = []
        for stop in stops:
            partner = stop.partner_id
            events.append({
                "uid": f"dispatch-stop-{stop.id}@{uuid}",
                "stamp": pytz.utc.localize(stop.write_date),
                "start": at(stop.delivery_date, stop.delivery_window_start),
                "end": at(stop.delivery_date, stop.delivery_window_end),
                "summary": f"{stop.name} · {partner.name or ''}",
                "location": ", ".join(filter(None, [partner.street, partner.city, partner.zip])),
                "description": self.env._("Delivery window %(start)s-%(end)s", start=hhmm(stop.delivery_window_start),
                                          end=hhmm(stop.delivery_window_end)),
            })
        return ical.calendar(self.env._("Deliveries of %s", self.name), events)
