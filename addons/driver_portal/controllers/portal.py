from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import check_driver, day_links, driver_only, is_driver, parse_day


class DriverPortal(http.Controller):
    """The driver's day: stops in route order, one page per day."""

    @http.route(["/driver", "/driver/deliveries"], type="http", auth="user", website=True,
                methods=["GET"], readonly=True)
    @driver_only
    def driver_day(self, date=None, done=None, **kwargs):
        check_driver()
        day = parse_day(date)
        # only the fields the cards show: reading whole stops (every stored column of
        # 200 pickings) costs more than the rest of the query
        stops = request.env["stock.picking"].search_fetch([
            ("driver_id", "=", request.env.uid), ("delivery_date", "=", day),
            ("picking_type_code", "=", "outgoing"), ("state", "!=", "cancel"),
        ], ["name", "state", "driver_state", "partner_id", "sale_id", "company_id"],
            order="delivery_sequence, id")
        # the stops were found with the driver's own rights; reading their customer,
        # lines and invoices needs more than a portal user has
        cards = stops.sudo()._driver_stop_cards()
        values = {
            **day_links(day),
            "cards": cards,
            "remaining": sum(1 for c in cards if c["driver_state"] == "todo" and not c["is_done"]),
            "done": done,
            "tracking_consent": request.env.user.driver_tracking_consent,
            "page_name": "driver_day",
        }
        return request.render("driver_portal.driver_day", values)

    @http.route("/driver/cash", type="http", auth="user", website=True,
                methods=["GET"], readonly=True)
    @driver_only
    def driver_cash(self, date=None, **kwargs):
        """The driver's "cash to hand in": what they collected on a day, by method."""
        check_driver()
        day = parse_day(date)
        # the driver has no access to accounting: read only the payments they collected
        payments = request.env["account.payment"].sudo().search(
            [("driver_id", "=", request.env.uid), ("date", "=", day), ("state", "!=", "canceled")],
            order="id")
        totals = {}
        for payment in payments:
            totals.setdefault(payment.driver_collect_method, 0.0)
            totals[payment.driver_collect_method] += payment.amount
        methods = dict(payments._fields["driver_collect_method"]._description_selection(request.env))
        return request.render("driver_portal.driver_cash", {
            **day_links(day), "payments": payments, "totals": totals, "methods": methods,
            "currency": request.env.company.currency_id, "page_name": "driver_cash",
        })


class DriverCustomerPortal(CustomerPortal):
    """A "My deliveries" entry on the portal home for drivers."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        values["is_driver"] = is_driver()
        return values
