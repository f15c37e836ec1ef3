"""The optional delivery-fee tool over logistics_delivery's road-distance carrier (no
Google key: straight-line distance x road factor, as that addon does)."""

import json

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import AiCase
from .fake_anthropic import text, tool_use

SAO_PAULO, CAMPINAS = (-23.5505, -46.6333), (-22.9099, -47.0626)


@tagged("post_install", "-at_install")
class TestDeliveryQuote(AiCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("logistics_delivery.google_api_key", False)
        ICP.set_param("logistics_delivery.road_factor", "1.3")
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.origin = warehouse.partner_id
        cls.origin.write({"partner_latitude": SAO_PAULO[0], "partner_longitude": SAO_PAULO[1],
                          "geo_source": "manual"})
        for partner in (cls.alice, cls.bob):
            partner.write({"partner_latitude": CAMPINAS[0], "partner_longitude": CAMPINAS[1],
                           "geo_source": "manual", "street": "Rua 1", "city": "Campinas"})
        # the tool prices with the company's first distance carrier: the test's own one
        cls.env["delivery.carrier"].search([("delivery_type", "=", "distance")]).action_archive()
        cls.carrier = cls.env["delivery.carrier"].create({
            "name": "By km", "delivery_type": "distance", "distance_base_fee": 10.0, "distance_max_km": 600.0,
            "product_id": cls.env["product.product"].create({"name": "Delivery", "type": "service"}).id,
            "distance_band_ids": [(0, 0, {"band_type": "km", "up_to": 10, "rate": 2.0}),
                                  (0, 0, {"band_type": "km", "rate": 1.0})],
        })

    def quote(self, partner, tool_input):
        self.fake.script(tool_use(("quote_delivery_fee", tool_input)), text("Frete estimado."))
        self.inbound(partner, "Quanto fica o frete?")
        return self.tool_results(1)[0]

    def test_customer_quote_for_own_address(self):
        result = self.quote(self.alice, {"weight_kg": 50, "partner_id": self.bob.id})  # partner_id is ignored
        self.assertFalse(result.get("is_error"), result["content"])
        quote = json.loads(result["content"])
        price, distance = self.carrier._distance_quote(self.origin, self.alice, 50)
        self.assertEqual((quote["price"], quote["distance_km"]), (round(price, 2), round(distance.km, 1)))
        self.assertGreater(quote["distance_km"], 80)
        tools = [tool["name"] for tool in self.fake.calls()[0]["tools"]]
        self.assertEqual(tools, ["search_records", "quote_delivery_fee", "handoff"])

    def test_out_of_area_is_a_tool_error(self):
        self.carrier.distance_max_km = 20
        result = self.quote(self.bob, {"weight_kg": 5})
        self.assertTrue(result["is_error"])
        self.assertIn("out of the delivery area", json.loads(result["content"])["error"])

    def test_bad_weight(self):
        result = self.quote(self.bob, {"weight_kg": "heavy"})
        self.assertTrue(result["is_error"])

    def test_staff_quote_for_a_customer(self):
        staff = new_test_user(self.env, login="ai_quote_staff", groups="base.group_user,ops_ai_assistant.group_ai_user")
        Tool = self.env["ai.tool"].with_user(staff)
        names = [tool["name"] for tool in Tool._ai_definitions("staff")]
        self.assertIn("quote_delivery_fee", names)
        content, is_error = Tool._ai_execute(Tool.env(su=False), "staff", "quote_delivery_fee",
                                             {"partner_id": self.bob.id, "weight_kg": 10})
        self.assertFalse(is_error, content)
        self.assertEqual(json.loads(content)["carrier"], "By km")
        for bad in ({"partner_id": "Bob"}, {"partner_id": 2_000_000_000}):
            _content, is_error = Tool._ai_execute(Tool.env(su=False), "staff", "quote_delivery_fee", bad)
            self.assertTrue(is_error)
