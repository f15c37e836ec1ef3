import hmac
import logging

from odoo import http
from odoo.http import request

from odoo.addons.ops_base.tools import json_body

from ..models.res_config_settings_robots import PARAM_API_TOKEN, PARAM_CALLBACK_TOKEN

_logger = logging.getLogger(__name__)

# a base64 PDF of 32 MB (the cap) is ~43 MB of JSON
MAX_BODY_BYTES = 48 * 1024 * 1024


class RpaCallbackController(http.Controller):
    """``POST /invoice_rpa/callback``: an external robot reports the end of a job.

    Verifies the Bearer token, parses the JSON body and hands it to
    ``rpa.execution._handle_callback``; answers a status and a JSON error code, never a
    traceback. Files announced by URL are fetched later by a queue job.
    """

    @http.route("/invoice_rpa/callback", type="http", auth="public", methods=["POST"], csrf=False,
                save_session=False)
    def callback(self, **kwargs):
        env = request.env(su=True)
        refused = self._check_token(env)
        if refused:
            return refused
        if (request.httprequest.content_length or 0) > MAX_BODY_BYTES:
            return self._reply(413, {"error": "payload_too_large"})
        try:
            data = json_body.loads_object(request.httprequest.get_data(cache=False))
        except ValueError:  # UnicodeDecodeError too
            return self._reply(400, {"error": "malformed_json"})
        status, body = env["rpa.execution"]._handle_callback(data)
        return self._reply(status, body)

    def _check_token(self, env):
        """The error reply when the Bearer token is missing or wrong, else None."""
        get_param = env["ir.config_parameter"].get_param
        expected = (get_param(PARAM_CALLBACK_TOKEN) or get_param(PARAM_API_TOKEN) or "").strip()
        if not expected:
            return self._reply(503, {"error": "not_configured"})
        scheme, _, token = request.httprequest.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self._reply(401, {"error": "missing_token"})
        if not hmac.compare_digest(token.strip().encode(), expected.encode()):
            _logger.warning("Invoice RPA callback refused: bad token from %s", request.httprequest.remote_addr)
            return self._reply(401, {"error": "invalid_token"})
        return None

    def _reply(self, status, body):
        return request.make_json_response(body, status=status)
