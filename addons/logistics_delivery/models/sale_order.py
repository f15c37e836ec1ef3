import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Above this many orders, the recompute runs as queue_job jobs of this size.
JOB_CHUNK = 200


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "logistics.distance.mixin"]

    delivery_distance_stale = fields.Boolean(
        compute="_compute_delivery_distance_stale",
        help="The delivery address moved since the distance was computed.")

    @api.depends("delivery_distance_date", "partner_shipping_id.geo_changed_at")
    def _compute_delivery_distance_stale(self):
        for order in self:
            changed = order.partner_shipping_id.geo_changed_at
            order.delivery_distance_stale = bool(order.delivery_distance_date and changed
                                                 and changed > order.delivery_distance_date)

    def action_open_delivery_wizard(self):
        """Propose the partner's delivery method, else the default one from Settings."""
        action = super().action_open_delivery_wizard()
        if not action["context"].get("default_carrier_id"):
            carrier = self.partner_shipping_id.property_delivery_carrier_id or self.env["delivery.carrier"].browse(
                int(self.env["ir.config_parameter"].sudo().get_param("logistics_delivery.default_carrier_id") or 0)
            ).exists()
            if carrier:
                action["context"]["default_carrier_id"] = carrier.id
        return action

    def set_delivery_line(self, carrier, amount):
        """Record the distance a distance carrier's line is priced on, now that it is set
        (rates themselves write nothing)."""
        res = super().set_delivery_line(carrier, amount)
        if carrier.delivery_type == "distance":
            self._logistics_record_carrier_distance(carrier)
        return res

    def _logistics_record_carrier_distance(self, carrier):
        """Distances known to the caller (context ``logistics_distances``: order id ->
        RoadDistance, from the wizard's rate or a bulk recompute) are recorded as they are;
        the others are computed now."""
        known = self.env.context.get("logistics_distances") or {}
        for order in self:
            origin = carrier._distance_origin(order.warehouse_id, order.company_id)
            try:
                distance = carrier._distance_between(origin, order.partner_shipping_id, known.get(order.id))
            except UserError as exc:
                _logger.info("Delivery line of %s set without a distance: %s", order.name, exc.args[0])
                continue
            order._logistics_record_distance(distance)

    def action_logistics_recompute_distance(self):
        """List action: recompute distance (and distance-carrier price) of the selected
        quotations. Confirmed orders keep what the customer accepted."""
        quotes = self.filtered(lambda o: o.state in ("draft", "sent") and o.partner_shipping_id)
        if len(quotes) > JOB_CHUNK:
            for start in range(0, len(quotes), JOB_CHUNK):
                chunk = quotes[start:start + JOB_CHUNK]
                description = self.env._("Recompute delivery distance of %s quotations", len(chunk))
                chunk.with_delay(channel="root.geo", description=description)._logistics_recompute_distances()
            message = self.env._("%(count)s quotations queued for distance recomputation.", count=len(quotes))
        else:
            failed = quotes._logistics_recompute_distances()
            message = self.env._(
                "Delivery distance recomputed for %(count)s quotations.", count=len(quotes) - len(failed))
            if failed:
                message += " " + self.env._("Not priced: %(names)s.", names=", ".join(failed.mapped("name")))
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"message": message, "type": "info", "next": {"type": "ir.actions.act_window_close"}}}

    def _logistics_recompute_distances(self):
        """Recompute in bulk: every address geocoded at most once, one matrix request per
        origin and Google batch limit, then each distance-carrier delivery line repriced
        from the known distance. Returns the orders that could not be priced."""
        carrier_model = self.env["delivery.carrier"]
        origin_of = {o.id: carrier_model._distance_origin(o.warehouse_id, o.company_id) for o in self}
        origins = self.env["res.partner"].union(*origin_of.values())
        (self.partner_shipping_id.sudo() | origins)._logistics_ensure_coordinates()
        distances = {}
        for origin in set(origin_of.values()):
            orders = self.filtered(lambda o, org=origin: origin_of[o.id] == org
                                   and org._logistics_has_coordinates()
                                   and o.partner_shipping_id._logistics_has_coordinates())
            if not orders:
                continue
            results = self.env["logistics.distance"]._road_distances(
                (origin.partner_latitude, origin.partner_longitude),
                [(o.partner_shipping_id.partner_latitude, o.partner_shipping_id.partner_longitude) for o in orders])
            distances.update(zip(orders.ids, results, strict=True))
        failed = self.browse()
        for order in self:
            if order.id not in distances:
                failed |= order
                continue
            carrier = order.carrier_id
            if carrier.delivery_type == "distance":
                res = carrier.with_context(logistics_distances=distances).rate_shipment(order)
                if res["success"]:
                    order.with_context(logistics_distances=distances).set_delivery_line(carrier, res["price"])
                else:
                    failed |= order
            else:
                order._logistics_record_distance(distances[order.id])
        return failed

    @api.model
    def _cron_logistics_recompute_moved(self):
        """Nightly: quotations whose delivery address was located again since their distance."""
        quotes = self.search([
            ("state", "in", ("draft", "sent")),
            ("carrier_id.delivery_type", "=", "distance"),
            ("delivery_distance_date", "!=", False),
        ])
        moved = quotes.filtered(lambda o: o.partner_shipping_id.geo_changed_at
                                and o.partner_shipping_id.geo_changed_at > o.delivery_distance_date)
        moved.action_logistics_recompute_distance()
        return moved
