import logging

from odoo import api, fields, models

from ..tools import google_maps
from .logistics_geocode_cache import normalize_address

_logger = logging.getLogger(__name__)

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


class ResPartner(models.Model):
    _inherit = "res.partner"

    geo_source = fields.Selection(
        [("google", "Google"), ("openstreetmap", "OpenStreetMap"), ("manual", "Manual pin")],
        string="Coordinates Source", copy=False,
        help="Where the coordinates come from. A manual pin is never replaced by automatic "
             "geocoding; changing the address clears the coordinates whatever their source.",
    )

    geo_changed_at = fields.Datetime(
        string="Located On", copy=False, readonly=True,
        help="When the coordinates last changed (located, pinned or cleared by an address change); "
             "quotations priced before it are recomputed by the nightly job.")

    @api.model
    def _geo_fields_written(self, vals):
        return "partner_latitude" in vals or "partner_longitude" in vals

    def write(self, vals):
        # base_geolocalize already clears the coordinates when the address changes without
        # new ones; the source and date go with them.
        if any(f in vals for f in ADDRESS_FIELDS) and not self._geo_fields_written(vals):
            vals = {**vals, "geo_source": False, "date_localization": False}
        elif self._geo_fields_written(vals) and "geo_source" not in vals:
            # coordinates typed by a person (form, import): a manual pin
            vals = {**vals, "geo_source": "manual", "date_localization": fields.Date.context_today(self)}
        if "geo_source" in vals:
            vals["geo_changed_at"] = fields.Datetime.now()
        return super().write(vals)

    def _logistics_address(self):
        self.ensure_one()
        return normalize_address(self.street, self.street2, self.zip, self.city,
                                 self.state_id.name, self.country_id.name)

    def _logistics_has_coordinates(self):
        self.ensure_one()
        return bool(self.partner_latitude or self.partner_longitude)

    def _logistics_ensure_coordinates(self):
        """Give coordinates to the partners of ``self`` that have none: from the cache,
        else from Google (API key set) or Odoo's base_geolocalize provider.

        Never raises for a provider problem: returns the partners that could not be
        located, for the caller to name them in a message. Manual pins are left alone.
        """
        todo = self.filtered(lambda p: not p._logistics_has_coordinates() and p.geo_source != "manual")
        if not todo:
            return self.browse()
        cache = self.env["logistics.geocode.cache"]
        by_address = {}
        for partner in todo:
            address = partner._logistics_address()
            if address:
                by_address.setdefault(address, self.browse())
                by_address[address] |= partner
        cached = cache._lookup(list(by_address))
        failed = todo.filtered(lambda p: not p._logistics_address())
        for address, partners in by_address.items():
            entry = cached.get(address) or self._logistics_geocode_address(address, partners[0])
            if entry and entry.found:
                partners.sudo().write({
                    "partner_latitude": entry.latitude,
                    "partner_longitude": entry.longitude,
                    "geo_source": entry.source,
                    "date_localization": fields.Date.context_today(self),
                })
            else:
                failed |= partners
        return failed

    def _logistics_geocode_address(self, address, partner):
        """Geocode one normalized address and cache the answer. ``None`` (not cached) on a
        provider failure, so a transient outage is retried next time."""
        settings = self.env["logistics.distance"]._settings()
        cache = self.env["logistics.geocode.cache"]
        if settings["api_key"]:
            try:
                coords = google_maps.geocode(
                    settings["api_key"], address, base_url=settings["maps_base_url"], timeout=settings["timeout"])
            except google_maps.GoogleMapsError as exc:
                _logger.warning("Google geocoding failed for partner %s (%s): %s", partner.id, exc.code, exc)
                return None
            return cache._store(address, coords, "google")
        try:
            coords = partner.with_context(lang="en_US")._geo_localize(
                partner.street, partner.zip, partner.city, partner.state_id.name, partner.country_id.name)
        except Exception as exc:
            _logger.warning("OpenStreetMap geocoding failed for partner %s: %s", partner.id, exc)
            return None
        return cache._store(address, coords, "openstreetmap")

    def action_logistics_geocode(self):
        """Button/server action: locate the selected partners and tell the user which failed."""
        self.filtered(lambda p: p.geo_source != "manual").write(
            {"partner_latitude": 0.0, "partner_longitude": 0.0, "geo_source": False})
        failed = self._logistics_ensure_coordinates()
        located = len(self) - len(failed)
        message = self.env._("%(count)s address(es) located.", count=located)
        if failed:
            message += " " + self.env._(
                "Could not locate: %(addresses)s. Check the address or set the position by hand.",
                addresses="; ".join(failed.mapped(lambda p: p._display_address(without_company=True).replace("\n", ", ")
                                                  or p.display_name)))
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"message": message, "type": "warning" if failed else "success", "sticky": bool(failed),
                       "next": {"type": "ir.actions.act_window_close"}},
        }
