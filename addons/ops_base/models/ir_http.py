from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.http import request

from ..tools.bounded_body import cap_unannounced_body


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _match(cls, path_info):
        # The earliest hook of a request with a database, before Odoo reads the form of a
        # matched route (dispatch) or of the 404 fallback: werkzeug fails with an
        # AttributeError (a 500 and a traceback) on a multipart body without a boundary,
        # and the fallback's attachment search fails on a NUL in the path (PostgreSQL
        # text cannot hold one).
        cls._check_multipart_boundary()
        if "\x00" in path_info:
            raise BadRequest("NUL character in the URL")
        return super()._match(path_info)

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        # Odoo calls the endpoint with the request parameters as keyword arguments: one
        # named "self" collides with the method's own (TypeError, a 500 and a traceback).
        # Checked after super(), which sets the upload size limit the form is read with.
        httprequest = request.httprequest
        # a chunked body has no Content-Length for werkzeug to check: cap what is read
        # (before the form below is parsed) at the route's upload limit instead
        cap_unannounced_body(httprequest)
        if "self" in httprequest.args or "self" in httprequest.form:
            raise BadRequest("invalid parameter name: self")
        return result

    @classmethod
    def _check_multipart_boundary(cls):
        """400 for a ``multipart/form-data`` request whose Content-Type has no boundary."""
        httprequest = request.httprequest
        if httprequest.mimetype == "multipart/form-data" and not httprequest.mimetype_params.get("boundary"):
            raise BadRequest("multipart/form-data without a boundary")
