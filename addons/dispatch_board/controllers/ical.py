from odoo import http
from odoo.http import request


class DispatchCalendar(http.Controller):
    @http.route("/dispatch/calendar/<int:user_id>/<string:token>.ics", type="http", auth="public",
                methods=["GET"], readonly=True, csrf=False, sitemap=False)
    def driver_calendar(self, user_id, token, **kwargs):
        """A driver's stops as an iCalendar feed. The URL is the credential: a wrong or
        tampered token, or a user who is no driver, is a plain 404."""
        user = request.env["res.users"].sudo().browse(user_id).exists()
        driver_group = request.env.ref("driver_portal.group_delivery_driver")
        if not user or not user._dispatch_ical_check(token) or driver_group not in user.all_group_ids:
            raise request.not_found()
        body = user._dispatch_ical()
        return request.make_response(body, headers=[
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", 'inline; filename="deliveries.ics"'),
            ("Cache-Control", "private, max-age=300"),
        ])
