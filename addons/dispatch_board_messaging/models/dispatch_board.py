from babel.dates import format_date

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize
from odoo.tools.misc import get_lang

from odoo.addons.dispatch_board.models.dispatch_board import hhmm

PHONE_TYPES = ("quo", "uazapi")


class DispatchBoard(models.AbstractModel):
    """Delivery notices: the customers of a lane are told their day and window through
    the company's notices channel (messaging.outbound: consent and blacklist apply)."""

    _inherit = "dispatch.board"

    @api.model
    def _board_capabilities(self):
        return {**super()._board_capabilities(), "notify": bool(self.env.company.dispatch_notify_channel_id)}

    @api.model
    def notify_customers(self, lane_keys):
        """Queue a notice for every stop of ``lane_keys`` whose customer was not told this
        day and window yet. Returns ``{"queued", "blocked", "skipped"}`` counts."""
        self._check_dispatcher()
        # the channel the administrator chose; dispatchers need no messaging rights to use it
        channel = self.env.company.sudo().dispatch_notify_channel_id
        if not channel:
            raise UserError(self.env._("Choose the delivery notices channel in the settings first."))
        stops = self.env["stock.picking"]
        for key in lane_keys or []:
            driver, _sep, day = str(key).partition("|")
            if not (driver.isdigit() and int(driver) and day):
                raise UserError(self.env._("Only a driver's day can be notified."))
            stops |= stops.search([("driver_id", "=", int(driver)), ("delivery_date", "=", day),
                                   ("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel"))])
        vals_list, told, skipped = [], stops.browse(), 0
        for stop in stops:
            notice = self._notice_key(stop)
            recipient = self._notice_recipient(channel, stop.partner_id)
            if stop.dispatch_notified == notice:
                continue
            if not recipient:
                skipped += 1
                continue
            vals_list.append({
                "channel_id": channel.id, "recipient": recipient, "body": self._notice_body(stop),
                "res_model": "stock.picking", "res_id": stop.id, "partner_id": stop.partner_id.id,
                "subject": self.env._("Your delivery") if channel.channel_type == "sendgrid" else False,
            })
            told |= stop
        outbound = self.env["messaging.outbound"].sudo()._queue(vals_list) if vals_list else []
        for stop in told:
            stop.sudo().dispatch_notified = self._notice_key(stop)
        blocked = sum(1 for row in outbound if row.state == "blocked")
        return {"queued": len(outbound) - blocked, "blocked": blocked, "skipped": skipped}

    @api.model
    def _notice_key(self, stop):
        return f"{stop.delivery_date}|{hhmm(stop.delivery_window_start)}-{hhmm(stop.delivery_window_end)}"

    @api.model
    def _notice_recipient(self, channel, partner):
        if channel.channel_type in PHONE_TYPES:
            number = partner.phone
            if not number:
                return False
            country = partner.country_id or self.env.company.country_id or self.env.ref("base.br")
            return partner._phone_format(number=number, country=country) or number
        return email_normalize(partner.email) or False

    @api.model
    def _notice_body(self, stop):
        partner = stop.partner_id
        lang = partner.lang or get_lang(self.env).code
        env = self.with_context(lang=lang).env
        day = format_date(stop.delivery_date, format="full", locale=lang)
        return env._(
            "Hello %(name)s, your delivery %(ref)s is planned for %(day)s between %(start)s and %(end)s.",
            name=partner.name or "", ref=stop.origin or stop.name, day=day,
            start=hhmm(stop.delivery_window_start), end=hhmm(stop.delivery_window_end))
