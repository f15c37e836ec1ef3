"""Factories and a fake Google Maps for the logistics tests.

:class:`FakeGoogleMaps` is a real HTTP server on 127.0.0.1 speaking the three Google
protocols the addon uses (Routes ``computeRouteMatrix``, legacy Distance Matrix,
Geocoding); the addon is pointed at it through its settings, never patched.
"""

import json
from urllib.parse import unquote_plus

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user

from odoo.addons.logistics_delivery.tools.geo import haversine_km
from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply

ROUTES_PATH = "/distanceMatrix/v2:computeRouteMatrix"
WAREHOUSE = (-23.5505, -46.6333)  # São Paulo
ROAD_RATIO = 1.25  # the fake's "road" distance = straight line x 1.25


class FakeGoogleMaps(FakeHTTPServer):
    """Answers like Google. ``places`` maps an address substring to coordinates for the
    Geocoding API; unknown addresses get ZERO_RESULTS."""

    def __init__(self):
        super().__init__()
        self.places = {}
        self.add("POST", ROUTES_PATH, self._answer_routes)
        self.add("GET", "/maps/api/distancematrix/json", self._answer_legacy)
        self.add("GET", "/maps/api/geocode/json", self._answer_geocode)

    @staticmethod
    def road_km(a, b):
        return haversine_km(*a, *b) * ROAD_RATIO

    def _answer_routes(self, request):
        body = request.json()

        def latlng(w):
            loc = w["waypoint"]["location"]["latLng"]
            return loc["latitude"], loc["longitude"]

        elements = []
        for oi, origin in enumerate(body["origins"]):
            for di, dest in enumerate(body["destinations"]):
                km = self.road_km(latlng(origin), latlng(dest))
                elements.append({"originIndex": oi, "destinationIndex": di, "status": {},
                                 "distanceMeters": round(km * 1000), "duration": f"{round(km * 60)}s",
                                 "condition": "ROUTE_EXISTS"})
        return Reply(json=elements)

    def _answer_legacy(self, request):
        def points(value):
            return [tuple(float(x) for x in p.split(",")) for p in unquote_plus(value).split("|")]

        rows = []
        for origin in points(request.query["origins"]):
            elements = []
            for dest in points(request.query["destinations"]):
                km = self.road_km(origin, dest)
                elements.append({"status": "OK", "distance": {"value": round(km * 1000), "text": ""},
                                 "duration": {"value": round(km * 60), "text": ""}})
            rows.append({"elements": elements})
        return Reply(json={"status": "OK", "rows": rows, "origin_addresses": [], "destination_addresses": []})

    def _answer_geocode(self, request):
        address = unquote_plus(request.query.get("address", "")).lower()
        for key, (lat, lng) in self.places.items():
            if key.lower() in address:
                return Reply(json={"status": "OK", "results": [
                    {"geometry": {"location": {"lat": lat, "lng": lng}}, "formatted_address": address}]})
        return Reply(json={"status": "ZERO_RESULTS", "results": []})

    def routes_requests(self):
        return self.count("POST", ROUTES_PATH)

    def geocode_requests(self):
        return self.count("GET", "/maps/api/geocode/json")


class LogisticsCase(TransactionCase):
    """A warehouse in São Paulo, a distance carrier with progressive bands, customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.ICP = cls.env["ir.config_parameter"].sudo()
        cls.ICP.set_param("logistics_delivery.google_api_key", False)
        cls.ICP.set_param("logistics_delivery.distance_source", "routes")
        cls.ICP.set_param("logistics_delivery.road_factor", "1.3")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.warehouse.partner_id.write({
            "partner_latitude": WAREHOUSE[0], "partner_longitude": WAREHOUSE[1], "geo_source": "manual"})
        cls.product = cls.env["product.product"].create({
            "name": "Crate of water", "type": "consu", "is_storable": True, "weight": 12.0, "list_price": 50.0})
        cls.delivery_product = cls.env["product.product"].create({"name": "Delivery by km", "type": "service"})
        cls.carrier = cls.env["delivery.carrier"].create({
            "name": "By km", "delivery_type": "distance", "product_id": cls.delivery_product.id,
            "distance_base_fee": 10.0, "distance_max_km": 600.0,
            "distance_band_ids": [
                (0, 0, {"band_type": "km", "up_to": 10, "rate": 2.0}),
                (0, 0, {"band_type": "km", "up_to": 100, "rate": 1.0}),
                (0, 0, {"band_type": "km", "rate": 0.5}),
            ],
        })
        cls.salesman = new_test_user(cls.env, login="logi_sales", groups="sales_team.group_sale_salesman")

    @classmethod
    def make_customer(cls, name, coords=None, **address):
        vals = {"name": name, "street": address.pop("street", f"{name} street 1"),
                "city": address.pop("city", "Cidade"), "country_id": cls.env.ref("base.br").id, **address}
        partner = cls.env["res.partner"].create(vals)
        if coords:
            partner.write({"partner_latitude": coords[0], "partner_longitude": coords[1], "geo_source": "manual"})
        return partner

    @classmethod
    def make_order(cls, partner, qty=1.0, carrier=None, user=None):
        return cls.env["sale.order"].create({
            "partner_id": partner.id,
            "user_id": (user or cls.env.user).id,
            "warehouse_id": cls.warehouse.id,
            "carrier_id": (carrier or cls.carrier).id,
            "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": qty})],
        })

    def add_shipping(self, order, carrier=None, user=None):
        """What a user does: Add shipping -> choose the carrier -> Get rate -> confirm."""
        wizard_model = self.env["choose.delivery.carrier"].with_user(user or self.env.user)
        with Form(wizard_model.with_context(default_order_id=order.id)) as form:
            form.carrier_id = carrier or self.carrier
        wizard = form.record
        try:
            wizard.update_price()  # "Get rate": distance carriers are priced here, not in the onchange
        except UserError as exc:
            return {"error_message": exc.args[0]}
        wizard.button_confirm()
        return {"price": wizard.delivery_price, "message": wizard.delivery_message}

    def use_google(self, server, source="routes"):
        self.ICP.set_param("logistics_delivery.google_api_key", "test-key-123")
        self.ICP.set_param("logistics_delivery.distance_source", source)
        self.ICP.set_param("logistics_delivery.routes_url", server.url + ROUTES_PATH)
        self.ICP.set_param("logistics_delivery.maps_base_url", server.url)

    @staticmethod
    def expected_price(km, base=10.0):
        """The carrier's tariff, written out: 10 + 2/km to 10 km, 1/km to 100, 0.5 beyond."""
        return base + min(km, 10) * 2.0 + max(0, min(km, 100) - 10) * 1.0 + max(0, km - 100) * 0.5


def decode_json(body):
    return json.loads(body or b"null")
