from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.pricing import DistanceTariff, OutOfArea


class QuotedDistances(dict):
    """order id -> RoadDistance, filled by :meth:`DeliveryCarrier.distance_rate_shipment`.
    Compared by identity: two empty ones in two contexts must not make Odoo reuse the
    environment (and so the dict) of an earlier quote."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__


class DeliveryCarrier(models.Model):
    """The ``distance`` provider: price from the road distance between the order's
    warehouse and the delivery address. Follows Odoo's provider convention, so the
    shared rules of :meth:`rate_shipment` (fiscal position, margins, free over an amount)
    apply on top of :meth:`distance_rate_shipment`."""

    _inherit = "delivery.carrier"

    delivery_type = fields.Selection(
        selection_add=[("distance", "By Road Distance")], ondelete={"distance": "set default"})
    distance_base_fee = fields.Float(string="Base Fee", digits="Product Price")
    distance_min_price = fields.Float(string="Minimum Price", digits="Product Price")
    distance_max_km = fields.Float(
        string="Maximum Distance (km)",
        help="Beyond this one-way distance the address is out of the delivery area. 0 = no limit.")
    distance_round_trip = fields.Boolean(
        string="Charge Round Trip", help="Price twice the distance: the vehicle comes back empty.")
    distance_band_ids = fields.One2many("logistics.distance.band", "carrier_id", string="Pricing Bands")
    distance_km_band_ids = fields.One2many(
        "logistics.distance.band", "carrier_id", string="Price per km", domain=[("band_type", "=", "km")],
        context={"default_band_type": "km"})
    distance_weight_band_ids = fields.One2many(
        "logistics.distance.band", "carrier_id", string="Weight Surcharges", domain=[("band_type", "=", "weight")],
        context={"default_band_type": "weight"})

    def _distance_tariff(self):
        self.ensure_one()

        def bands(kind):
            rows = self.distance_band_ids.filtered(lambda b: b.band_type == kind).sorted(
                lambda b: (b.up_to_is_open, b.up_to))
            return tuple((None if b.up_to_is_open else b.up_to, b.rate) for b in rows)

        return DistanceTariff(
            base_fee=self.distance_base_fee, km_bands=bands("km"), min_price=self.distance_min_price,
            max_km=self.distance_max_km, round_trip=self.distance_round_trip, weight_bands=bands("weight"))

    def _distance_origin(self, warehouse, company):
        return (warehouse.partner_id or company.partner_id).sudo()

    def _distance_between(self, origin, destination, known=None):
        """Road distance from partner ``origin`` to partner ``destination`` (``known``: a
        RoadDistance already computed, which skips geocoding and Google).

        :raise UserError: with a message for the user when an address cannot be located
        """
        if known:
            return known
        failed = (origin | destination)._logistics_ensure_coordinates()
        if failed:
            raise UserError(self.env._(
                "Could not locate the address of %(partners)s: %(addresses)s. Check the address "
                "or set its position by hand on the contact.",
                partners=", ".join(failed.mapped("display_name")),
                addresses="; ".join(p._logistics_address() or self.env._("(no address)") for p in failed)))
        return self.env["logistics.distance"]._road_distances(
            (origin.partner_latitude, origin.partner_longitude),
            [(destination.partner_latitude, destination.partner_longitude)])[0]

    def _distance_quote(self, origin, destination, weight, known=None):
        """Price the trip from partner ``origin`` to partner ``destination``.

        :return: (price in company currency, RoadDistance)
        :raise UserError: with a message for the user (address not found, out of area)
        """
        distance = self._distance_between(origin, destination, known)
        try:
            price = self._distance_tariff().price(distance.km, weight)
        except OutOfArea as exc:
            raise UserError(self.env._(
                "%(address)s is out of the delivery area of %(carrier)s: %(distance).1f km away, "
                "the maximum is %(max).1f km.",
                address=destination.display_name, carrier=self.name, distance=exc.distance_km, max=exc.max_km,
            )) from None
        return price, distance

    # The provider hooks keep the names Odoo's ``rate_shipment``/``send_shipping``... look up,
    # but are not RPC entry points: @api.private.
    @api.private
    def distance_rate_shipment(self, order):
        """Provider hook for :meth:`rate_shipment`: the price only. Nothing is written on the
        order (Odoo computes rates in onchanges and on every "Get rate"): the distance is
        recorded when the delivery line is set (``sale.order.set_delivery_line``). A caller
        that needs the distance the price came from passes a :class:`QuotedDistances` in the
        context key ``logistics_quoted_distances``; it receives order id -> RoadDistance."""
        self.ensure_one()
        if not self._match_address(order.partner_shipping_id):
            return self._distance_failure(self.env._("This delivery method is not available for this address."))
        weight = self.env.context.get("order_weight") or order.shipping_weight or order._get_estimated_weight()
        try:
            price, distance = self._distance_quote(
                self._distance_origin(order.warehouse_id, order.company_id), order.partner_shipping_id, weight,
                known=self.env.context.get("logistics_distances", {}).get(order.id))
        except UserError as exc:
            return self._distance_failure(exc.args[0])
        quoted = self.env.context.get("logistics_quoted_distances")
        if quoted is not None:
            quoted[order.id] = distance
        warning = False
        if distance.source == "haversine" and distance.error:
            warning = self.env._("%(error)s: priced on the straight-line distance x road factor.",
                                 error=distance.error)
        return {
            "success": True,
            "price": self._compute_currency(order, price, "company_to_pricelist"),
            "error_message": False,
            "warning_message": warning,
        }

    def _distance_failure(self, message):
        return {"success": False, "price": 0.0, "error_message": message, "warning_message": False}

    @api.private
    def distance_send_shipping(self, pickings):
        """Provider hook at validation: the real price from the picking's own weight."""
        result = []
        for picking in pickings:
            origin = self._distance_origin(picking.picking_type_id.warehouse_id, picking.company_id)
            price, distance = self._distance_quote(origin, picking.partner_id, picking.shipping_weight)
            picking._logistics_record_distance(distance)
            result.append({"exact_price": price, "tracking_number": False})
        return result

    @api.private
    def distance_get_tracking_link(self, picking):
        """No tracking service: link to the route on Google Maps instead."""
        origin = self._distance_origin(picking.picking_type_id.warehouse_id, picking.company_id)
        dest = picking.partner_id
        if not (origin._logistics_has_coordinates() and dest._logistics_has_coordinates()):
            return False
        return ("https://www.google.com/maps/dir/?api=1&travelmode=driving"
                f"&origin={origin.partner_latitude},{origin.partner_longitude}"
                f"&destination={dest.partner_latitude},{dest.partner_longitude}")

    @api.private
    def distance_cancel_shipment(self, pickings):
        """Nothing was booked with a third party: only forget the reference."""
        pickings.write({"carrier_tracking_ref": False, "carrier_price": 0.0})

    @api.onchange("delivery_type")
    def _onchange_delivery_type_distance(self):
        if self.delivery_type == "distance" and not self.distance_band_ids:
            self.distance_band_ids = [fields.Command.create({"band_type": "km", "up_to": 0.0, "rate": 1.0})]
