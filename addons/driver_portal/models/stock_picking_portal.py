import ast
from urllib.parse import quote_plus

from odoo import api, models
from odoo.tools import formatLang
from odoo.tools.misc import get_lang

from odoo.addons.base.models.res_lang import intersperse


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

    def _driver_stop_lines(self):
        """``{stop id: [line]}``: the stops' moves that are not cancelled, in the stops'
        order, each with its product, unit, planned and delivered quantities. Product
        and unit names are read once each, not once per line."""
        moves = self.move_ids
        moves.fetch(["product_id", "product_uom_qty", "quantity", "product_uom", "state"])
        products = {product.id: product.display_name for product in moves.product_id}
        uoms = {uom.id: uom.name for uom in moves.product_uom}
        lines = {}
        for stop in self:
            stop_done = stop.state == "done"
            lines[stop.id] = stop_lines = []
            for move in stop.move_ids:
                if move.state == "cancel":
                    continue
                planned = move.product_uom_qty
                done = move.quantity if stop_done else planned
                planned_str = self._driver_format_qty(planned)
                stop_lines.append({
                    "move": move, "product": products[move.product_id.id], "uom": uoms[move.product_uom.id],
                    "planned": planned, "done": done, "planned_str": planned_str,
                    "done_str": planned_str if done == planned else self._driver_format_qty(done),
                })
        return lines

    @api.model
    def _driver_money_formatter(self):
        """``money(amount, currency)``: the text of Odoo's monetary widget (the
        language's digit grouping and separators, symbol before or after). The language
        is read once per page: the widget, and ``res.lang.format``, parse the grouping
        again on every call, a tenth of a second on a 200-stop day."""
        data = self.env["res.lang"]._get_data(id=get_lang(self.env).id)
        grouping = ast.literal_eval(data.grouping)
        thousands, decimal = data.thousands_sep or "", data.decimal_point

        def money(amount, currency):
            units, _dot, cents = f"{currency.round(amount):.{currency.decimal_places}f}".partition(".")
            text = intersperse(units, grouping, thousands)[0] + (decimal + cents if cents else "")
            if not currency.symbol:
                return text
            return f"{text}\N{NO-BREAK SPACE}{currency.symbol}" if currency.position == "after" \
                else f"{currency.symbol}\N{NO-BREAK SPACE}{text}"
        return money

    def _driver_stop_cards(self):
        """One dict per stop, in the order of ``self``: the stop, its customer, address,
        phone, navigation links, lines (product, planned and delivered quantities, unit)
        and amount due. ``self`` must be stops the current driver owns (sudo is fine)."""
        dues = self._driver_amounts_due()
        lines = self._driver_stop_lines()
        self.partner_id.fetch(["name", "street", "street2", "zip", "city", "state_id", "phone",
                               "partner_latitude", "partner_longitude"])
        money = self._driver_money_formatter()
        cards = []
        for stop in self:
            partner = stop.partner_id
            maps_url, waze_url = self._driver_navigation_urls(partner) if partner else (False, False)
            due = dues[stop.id]
            due["due_str"] = money(due["due"], due["currency"])
            # plain values for the templates: a record field read in QWeb costs more
            driver_state, done = stop.driver_state, stop.state == "done"
            cards.append({
                "stop": stop,
                "id": stop.id,
                "name": stop.name,
                "driver_state": driver_state,
                "is_done": done,
                "status": "delivered" if done else driver_state,
                "partner": partner,
                "partner_name": partner.name or "",
                "address": self._driver_address_lines(partner) if partner else [],
                "phone": partner.phone or False,
                "phone_href": "tel:" + "".join(c for c in (partner.phone or "") if c.isdigit() or c == "+"),
                "maps_url": maps_url,
                "waze_url": waze_url,
                "lines": lines[stop.id],
                "due": due,
            })
        return cards
