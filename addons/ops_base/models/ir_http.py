from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _match(cls, path_info):
        # The earliest hook of a request with a database, before Odoo reads the form of a
        # matched route (dispatch) or of the 404 fallback: werkzeug fails with an
        # AttributeError (a 500 and a traceback) on a multipart body without a boundary.
        cls._check_multipart_boundary()
        return super()._match(path_info)

    @classmethod
    def _check_multipart_boundary(cls):
        """400 for a ``multipart/form-data`` request whose Content-Type has no boundary."""
        httprequest = request.httprequest
        if httprequest.mimetype == "multipart/form-data" and not httprequest.mimetype_params.get("boundary"):
            raise BadRequest("multipart/form-data without a boundary")
