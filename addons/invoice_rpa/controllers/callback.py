import hmac
import logging

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.ops_base.tools import json_body
from odoo.addons.ops_base.tools.bounded_body import PayloadTooLarge, read_bounded_body

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
        try:
            # at most MAX_BODY_BYTES + 1 bytes are read, chunked bodies included
            data = json_body.loads_object(read_bounded_body(request.httprequest, MAX_BODY_BYTES))
        except PayloadTooLarge:
            return self._reply(413, {"error": "payload_too_large"})
        except ValueError:  # UnicodeDecodeError too
            return self._reply(400, {"error": "malformed_json"})
        status, body = env["rpa.execution"]._handle_callback(data)
        return self._reply(status, body)

    def _check_token(self, env):
        """The error reply when the Bearer token is missing or wrong, else None."""
        # its own secret: never the RPA API's JWT secret, which the robots' API also holds
        try:
            expected = env["rpa.settings.secret"]._get_secret("callback_token")
        except UserError:  # not decryptable (no or another key): as if unset
            expected = ""
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
