import datetime

from odoo import fields, http
from odoo.http import request

from .common import MAX_TIMESTAMP_MS, check_driver, driver_only, json_answer, parse_float, wants_json

# a phone may queue positions while offline; older ones are not "live" any more
MAX_AGE = datetime.timedelta(hours=12)


class DriverPosition(http.Controller):
    """Position pings, only while the driver agrees to share them."""

    @http.route("/driver/tracking", type="http", auth="user", website=True,
                methods=["POST"], csrf=True)
    @driver_only
    def tracking(self, consent=None, **post):
        check_driver()
        agreed = consent == "1"
        # the driver's own preference on their own user record
        request.env.user.sudo().driver_tracking_consent = agreed
        if wants_json():
            return json_answer(True, "consent" if agreed else "no_consent", "", consent=agreed)
        return request.redirect("/driver", code=303)

    @http.route("/driver/position", type="http", auth="user", website=True,
                methods=["POST"], csrf=True)
    @driver_only
    def position(self, latitude=None, longitude=None, accuracy=None, timestamp=None, **post):
        check_driver()
        env = request.env
        if not env.user.driver_tracking_consent:
            return json_answer(False, "no_consent", env._("Position sharing is off."), 403)
        lat = parse_float(latitude, -90, 90)
        lng = parse_float(longitude, -180, 180)
        if lat is None or lng is None:
            return json_answer(False, "invalid_position", env._("Invalid position."), 400)
        now = fields.Datetime.now()
        recorded = now
        stamp = parse_float(timestamp, 0, MAX_TIMESTAMP_MS)
        if stamp:
            device = datetime.datetime.fromtimestamp(stamp / 1000, datetime.timezone.utc).replace(tzinfo=None)
            recorded = device if now - MAX_AGE <= device <= now + datetime.timedelta(minutes=5) else now
        env["driver.position"].sudo().create({
            "driver_id": env.uid, "latitude": lat, "longitude": lng,
            "accuracy": parse_float(accuracy, 0) or 0.0, "recorded_at": recorded, "company_id": env.company.id,
        })
        return json_answer(True, "recorded", "", status=201)
