"""``GET /messaging/health``: the state of the messaging channels, for monitoring.

Authentication: ``Authorization: Bearer <token>`` with the token of Settings (system
parameter ``crm_messaging.health_token``, administrators only), compared in constant
time. No token configured, a missing or a wrong one → 401 ``unauthorized`` (the same
answer, so that nothing about the configuration leaks). A logged-in session is not enough.

Answer (200, JSON): ``status`` (``ok``, or ``degraded`` when a channel is in error or an
event failed in the last hour), ``checked_at`` and per active channel: ``state``,
``backlog`` (pending inbox events), ``oldest_pending_seconds``, ``failures_last_hour``
(events whose processing failed in the last hour) and ``received_last_hour``; ``totals``
sums them. The status code stays 200 when degraded: the endpoint itself works, and
monitors read ``status``.
"""

import hmac

from odoo import fields, http
from odoo.http import request

from ..models.messaging_inbox import HEALTH_PARAM


class MessagingHealth(http.Controller):
    @http.route("/messaging/health", type="http", auth="public", methods=["GET"], save_session=False, readonly=True)
    def messaging_health(self, **_params):
        if not self._authorized():
            return request.make_json_response(
                {"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": 'Bearer realm="messaging"'}
            )
        report = request.env["messaging.inbox"].sudo()._health_report()
        report["checked_at"] = fields.Datetime.now().isoformat() + "Z"
        return request.make_json_response(report, headers={"Cache-Control": "no-store"})

    def _authorized(self):
        expected = request.env["ir.config_parameter"].sudo().get_param(HEALTH_PARAM) or ""
        header = request.httprequest.headers.get("Authorization") or ""
        scheme, _sep, given = header.partition(" ")
        if not expected or scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode(), expected.encode())
