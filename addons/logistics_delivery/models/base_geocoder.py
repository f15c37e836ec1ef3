import logging

from odoo import api, models

from odoo.addons.ops_base.tools import http
from odoo.addons.ops_base.tools.http import HttpCallError

_logger = logging.getLogger(__name__)

NOMINATIM_URL = "https://nominatim.openstreetmap.org/search"


class BaseGeocoder(models.AbstractModel):
    _inherit = "base.geocoder"

    @api.model
    def _call_openstreetmap(self, addr, **kw):
        """Odoo's Nominatim call, with what it lacks for quoting: a timeout (Odoo's has
        none, so an OpenStreetMap outage would hang the quote), "not found" as ``None``
        instead of an IndexError, and a configurable URL (a proxy, or a local server in
        tests): ``logistics_delivery.nominatim_url``. The call goes through the suite's
        HTTP helper (``ops_base.tools.http``); its failures become Odoo's query error."""
        if not addr:
            return None
        params = self.env["ir.config_parameter"].sudo()
        url = params.get_param("logistics_delivery.nominatim_url") or NOMINATIM_URL
        timeout = float(params.get_param("logistics_delivery.timeout") or 10.0)
        try:
            response, _latency = http.call(
                "GET", url, timeout=timeout, params={"format": "json", "q": addr},
                headers={"User-Agent": "Odoo (http://www.odoo.com/contactus)"})
            result = http.json_body(response)
        except HttpCallError as exc:
            self._raise_query_error(exc)
        if not result:
            return None
        return float(result[0]["lat"]), float(result[0]["lon"])
