"""What every driver route shares: who may enter, which stop is theirs, how to answer."""

import functools
import math
from datetime import timedelta

from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.http import request

DRIVER_GROUP = "driver_portal.group_delivery_driver"
MAX_TIMESTAMP_MS = 4102444800000  # 2100-01-01: a device clock beyond it is garbage


class DriverDenied(Exception):
    """The user is not a delivery driver."""


def is_driver():
    return request.env.user.has_group(DRIVER_GROUP)


def check_driver():
    """Only delivery drivers get anything from the /driver routes."""
    if not is_driver():
        raise DriverDenied()


def own_stop(picking_id):
    """The driver's stop ``picking_id``, read with the driver's own rights (record
    rules): anything else — another driver's stop, a receipt, a missing id — is a 404.

    :returns: the stop in the driver's environment (not sudo)
    """
    check_driver()
    stop = request.env["stock.picking"].search([
        ("id", "=", picking_id), ("driver_id", "=", request.env.uid), ("picking_type_code", "=", "outgoing"),
    ])
    if not stop:
        raise NotFound()
    return stop


def wants_json():
    return "application/json" in (request.httprequest.headers.get("Accept") or "")


def parse_day(value):
    """``YYYY-MM-DD`` from the query string, else the driver's today."""
    today = fields.Date.context_today(request.env.user)
    try:
        return fields.Date.to_date(value) if value else today
    except ValueError:
        return today


def day_links(day):
    return {"day": day, "prev_day": day - timedelta(days=1), "next_day": day + timedelta(days=1),
            "today": fields.Date.context_today(request.env.user)}


def json_answer(ok, code, message, status=200, **extra):
    return request.make_json_response({"ok": ok, "code": code, "message": message, **extra}, status=status)


def denied_page():
    if wants_json():
        return json_answer(False, "not_a_driver", request.env._("This page is for delivery drivers."), 403)
    return request.render("driver_portal.driver_denied", {}, status=403)


def parse_float(value, low=None, high=None):
    """A float from a form field, ``None`` when empty, missing or out of range."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def parse_id(value):
    """A record id from a form field or ``None``: ASCII digits only, since str.isdigit()
    also accepts "²" and int() refuses more than 4,300 digits (both a 500 otherwise)."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def driver_only(func):
    """Route wrapper: a non-driver gets the 403 page (or JSON) instead of the route."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DriverDenied:
            return denied_page()
    return wrapper


def run_in_savepoint(method, *args, **kwargs):
    """Run a closing operation so that a refusal leaves nothing half-written: the error
    rolls back to the savepoint and is re-raised for the route to answer."""
    try:
        with request.env.cr.savepoint():
            return method(*args, **kwargs)
    except Exception:
        request.env.invalidate_all()
        raise
