"""Inbound webhooks: ``POST /webhook/<channel_type>/<channel_id>``.

The controller is thin: it verifies, stores the raw event in ``messaging.inbox`` and
answers; processing happens later, outside the request. No network I/O here. Order:

1. body larger than the cap (``crm_messaging.max_body_bytes``, default 1 MB) → 413
   ``payload_too_large``, before anything else;
2. no active channel with this id and type → 404 ``unknown_channel``;
3. signature / token verified on the raw bytes, before parsing → 401 with the
   ``SignatureError`` code; no usable encryption key → 503 ``not_configured``;
4. over the channel's rate limit (``rate_limit_per_minute``, default 1,000) → 429
   ``rate_limited`` with ``retry_after`` and a ``Retry-After`` header. Counted after the
   verification so that forged requests cannot use up a channel's quota and have the
   provider's real deliveries refused (see ``models/messaging_rate_limit.py``);
5. body the channel cannot read (its ``decode`` hook; by default ``Content-Type`` not JSON
   → 415 ``unsupported_media_type``, body not a JSON object → 400 ``malformed_json``);
6. a required field missing (the event
   type, the event id, the customer of a message) → 400 ``missing_field`` with ``field``;
7. stored → 200 ``accepted``; already stored → 200 ``duplicate`` (nothing created).
   An event type this addon does not handle → 200 ``ignored``: a 4xx would make the
   provider retry it and eventually disable the webhook, yet there is nothing to do. No
   job, lead or message is created; the raw event is kept as an *ignored* inbox row for
   the record (and for a future version that handles it).

Concurrent deliveries of one event: the loser of the race on the dedup key gets a
PostgreSQL serialization failure, which is not caught here: Odoo's ``retrying()`` rolls
back and serves the request again, which then answers ``duplicate``. Anything else
unexpected is Odoo's own 500 (logged by Odoo, no traceback in the answer).
"""

import logging

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.ops_base.tools.bounded_body import PayloadTooLarge, read_bounded_body

from ..models.messaging_channel import UnsupportedBody
from ..tools import log_filter
from ..tools.payloads import MissingFieldError
from ..tools.signatures import SignatureError

_logger = logging.getLogger(__name__)
# A channel token may travel as ?token= (providers that send no custom headers): keep it out
# of the access log.
log_filter.install()

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
FORM_MIMETYPE = "application/x-www-form-urlencoded"


def _reply(data, status=200, headers=None):
    return request.make_json_response(data, status=status, headers=headers)


class Reject(Exception):
    """Answer ``status`` with ``{"error": code, **extra}`` and store nothing."""

    def __init__(self, status, code, headers=None, **extra):
        super().__init__(code)
        self.status = status
        self.headers = headers
        self.data = {"error": code, **extra}


class MessagingWebhook(http.Controller):
    @http.route(
        "/webhook/<string:channel_type>/<int:channel_id>",
        type="http",
        auth="public",
        csrf=False,
        methods=["POST"],
        save_session=False,
    )
    def messaging_webhook(self, channel_type, channel_id, **_params):
        # No catch-all here: a serialization failure or lock error (concurrent deliveries
        # of one event) must reach Odoo's ``retrying()``, which runs the request again on a
        # fresh transaction; the retry then finds the stored row and answers ``duplicate``.
        try:
            return self._handle_webhook(channel_type, channel_id)
        except Reject as reject:
            return _reply(reject.data, reject.status, reject.headers)

    def _max_body_bytes(self):
        value = request.env["ir.config_parameter"].sudo().get_param("crm_messaging.max_body_bytes")
        try:
            return int(value) if value else DEFAULT_MAX_BODY_BYTES
        except ValueError:
            return DEFAULT_MAX_BODY_BYTES

    def _handle_webhook(self, channel_type, channel_id):
        body = self._read_body()
        channel = (
            request.env["messaging.channel"]
            .sudo()
            .search([("id", "=", channel_id), ("channel_type", "=", channel_type)], limit=1)
        )
        if not channel:
            raise Reject(404, "unknown_channel")
        request_data = self._request_data(body)
        self._verify(channel, request_data)
        retry_after = channel._check_rate_limit()
        if retry_after:
            raise Reject(429, "rate_limited", headers={"Retry-After": str(retry_after)}, retry_after=retry_after)
        try:
            text, payload = channel._decode_webhook_body(request_data)
        except UnsupportedBody as exc:
            raise Reject(exc.status, exc.code) from None
        try:
            events = channel._parse_payload(payload)
        except MissingFieldError as exc:
            raise Reject(400, "missing_field", field=exc.field) from None

        inbox = request.env["messaging.inbox"].sudo()
        created = inbox.browse()
        for event in events:
            created |= inbox._store_event(channel, event, text)
        if not created:
            return _reply({"status": "duplicate"})
        if all(row.state == "ignored" for row in created):
            return _reply({"status": "ignored"})
        return _reply({"status": "accepted"})

    def _read_body(self):
        """The raw body, refused (413) above the cap: never more than ``cap + 1`` bytes are
        read, chunked bodies included (see ``ops_base/tools/bounded_body.py``)."""
        try:
            return read_bounded_body(request.httprequest, self._max_body_bytes())
        except PayloadTooLarge:
            raise Reject(413, "payload_too_large") from None

    def _request_data(self, body):
        """What the channel's hooks read of the request (see ``messaging.channel``)."""
        httpreq = request.httprequest
        return {
            "body": body,
            "headers": dict(httpreq.headers),
            "args": httpreq.args.to_dict(),
            "path": httpreq.full_path.rstrip("?"),
            # A form body was parsed (and its stream consumed) by Odoo before this route.
            "form": list(httpreq.form.items(multi=True)) if httpreq.mimetype == FORM_MIMETYPE else [],
            "mimetype": httpreq.mimetype,
        }

    def _verify(self, channel, request_data):
        try:
            channel._verify_request(request_data)
        except SignatureError as exc:
            # exc carries no secret, signature or header value (see tools/signatures.py).
            _logger.warning(
                "messaging webhook: %s channel %s rejected (%s): %s", channel.channel_type, channel.id, exc.code, exc
            )
            raise Reject(401, exc.code) from None
        except UserError:
            _logger.warning("messaging webhook: channel %s cannot be verified: no valid encryption key", channel.id)
            raise Reject(503, "not_configured") from None
