from urllib.parse import quote_plus

from odoo import api, models
from odoo.tools import formatLang


# One extension of stock.picking per concern (assignment, portal display, proof, payment),
# each file under ~200 lines: pylint-odoo would have them merged into one.
class StockPicking(models.Model):
    """What the driver portal shows of a stop, computed for all the stops of a page at
    once (the page's query count does not grow with its number of stops)."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _driver_navigation_urls(self, partner):
        """Google Maps and Waze links: from the coordinates, else from the address."""
        if partner.partner_latitude or partner.partner_longitude:
            point = f"{partner.partner_latitude:.6f},{partner.partner_longitude:.6f}"
            return (f"https://www.google.com/maps/dir/?api=1&destination={point}",
                    f"https://waze.com/ul?ll={point}&navigate=yes")
        address = quote_plus(", ".join(self._driver_address_lines(partner)))
        if not address:
            return False, False
        return (f"https://www.google.com/maps/search/?api=1&query={address}",
                f"https://waze.com/ul?q={address}&navigate=yes")

    @api.model
    def _driver_address_lines(self, partner):
        city = " ".join(filter(None, [partner.zip, partner.city]))
        region = ", ".join(filter(None, [city, partner.state_id.code or partner.state_id.name]))
        return [line for line in (partner.street, partner.street2, region) if line]

    @api.model
    def _driver_format_qty(self, qty):
        """Whole quantities as plain numbers (most of a driver's lines); others in the
        user's language. Cheaper than a QWeb widget per line on a 200-stop page."""
        return str(int(qty)) if float(qty).is_integer() else formatLang(self.env, qty, dp="Product Unit")

    @api.model
    def _driver_line(self, stop, move):
        done = move.quantity if stop.state == "done" else move.product_uom_qty
        return {
            "move": move, "product": move.product_id.display_name, "uom": move.product_uom.name,
            "planned": move.product_uom_qty, "done": done,
            "planned_str": self._driver_format_qty(move.product_uom_qty), "done_str": self._driver_format_qty(done),
        }

    def _driver_stop_cards(self):
        """One dict per stop, in the order of ``self``: the stop, its customer, address,
        phone, navigation links, lines (product, planned and delivered quantities, unit)
        and amount due. ``self`` must be stops the current driver owns (sudo is fine)."""
        dues = self._driver_amounts_due()
        self.move_ids.fetch(["product_id", "product_uom_qty", "quantity", "product_uom", "state",
                             "description_picking"])
        self.move_ids.product_id.fetch(["display_name"])
        self.move_ids.product_uom.fetch(["name"])
        self.partner_id.fetch(["name", "street", "street2", "zip", "city", "state_id", "phone",
                               "partner_latitude", "partner_longitude"])
        cards = []
        for stop in self:
            partner = stop.partner_id
            maps_url, waze_url = self._driver_navigation_urls(partner) if partner else (False, False)
            cards.append({
                "stop": stop,
                "partner": partner,
                "address": self._driver_address_lines(partner) if partner else [],
                "phone": partner.phone or False,
                "phone_href": "tel:" + "".join(c for c in (partner.phone or "") if c.isdigit() or c == "+"),
                "maps_url": maps_url,
                "waze_url": waze_url,
                "lines": [self._driver_line(stop, move) for move in stop.move_ids if move.state != "cancel"],
                "due": dues[stop.id],
            })
        return cards
