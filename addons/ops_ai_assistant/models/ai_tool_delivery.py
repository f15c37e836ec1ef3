"""Optional tool ``quote_delivery_fee``: the delivery fee from the company's warehouse to
a customer's address, priced by logistics_delivery's road-distance carrier. Offered only
when that addon is installed and the company has a distance carrier.

Customers get a quote for their own address only (the customer is the job's scope, not a
parameter the model chooses); staff name a customer they can read."""

from odoo import api, models
from odoo.exceptions import UserError

from .ai_tool import ToolError
from .ir_rule import CONTEXT_KEY

DELIVERY = "quote_delivery_fee"
MAX_WEIGHT = 100_000  # kg


class AiToolDelivery(models.AbstractModel):
    _inherit = "ai.tool"

    @api.model
    def _ai_tool_list(self, audience):
        tools = super()._ai_tool_list(audience)
        if not self._ai_distance_carrier():
            return tools
        properties = {"weight_kg": {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT}}
        if audience == "staff":
            properties["partner_id"] = {"type": "integer", "description": "the customer's id"}
        tools.insert(1, {
            "name": DELIVERY,
            "description": ("Delivery fee estimate (company currency) from our warehouse to "
                            + ("the customer's delivery address" if audience == "customer" else "a customer's address")
                            + ", by road distance, for a load of weight_kg."),
            "input_schema": {"type": "object", "properties": properties,
                             "required": ["partner_id"] if audience == "staff" else []},
        })
        return tools

    @api.model
    def _ai_run_tool(self, tool_env, audience, name, tool_input):
        if name != DELIVERY:
            return super()._ai_run_tool(tool_env, audience, name, tool_input)
        carrier = self._ai_distance_carrier()
        if not carrier:
            raise ToolError("no delivery pricing is available")
        weight = tool_input.get("weight_kg") or 0
        if not isinstance(weight, int | float) or isinstance(weight, bool) or not 0 <= weight <= MAX_WEIGHT:
            raise ToolError(f"weight_kg must be a number between 0 and {MAX_WEIGHT}")
        destination = self._ai_delivery_destination(tool_env, audience, tool_input)
        company = self.env.company  # the answer's company (ai.assistant._ai_run: with_company)
        warehouse = self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)], limit=1)
        try:
            price, distance = carrier._distance_quote(carrier._distance_origin(warehouse, company), destination,
                                                      weight)
        except UserError as exc:  # address not found, out of the delivery area
            raise ToolError(str(exc.args[0])[:300]) from None
        return {"price": round(price, 2), "currency": company.currency_id.name, "distance_km": round(distance.km, 1),
                "carrier": carrier.name, "estimate": True}

    @api.model
    def _ai_delivery_destination(self, tool_env, audience, tool_input):
        """The partner to deliver to, checked before any sudo: the customer being answered,
        or (staff) a customer the staff member can read."""
        if audience == "customer":
            # the scope set by the job (ai.conversation._ai_tool_env), not chosen by the model
            partner = self.env["res.partner"].sudo().browse(tool_env.context.get(CONTEXT_KEY) or 0).exists()
        else:
            partner_id = tool_input.get("partner_id")
            if not isinstance(partner_id, int) or isinstance(partner_id, bool):
                raise ToolError("partner_id must be an integer")
            partner = tool_env["res.partner"].browse(partner_id).exists()
            partner.check_access("read")
        if not partner:
            raise ToolError("no such customer")
        shipping = partner.sudo().address_get(["delivery"])["delivery"]
        return self.env["res.partner"].sudo().browse(shipping)

    @api.model
    def _ai_distance_carrier(self):
        """The current company's first distance carrier (``self.env.company``; order of the
        delivery methods), else None."""
        Carrier = self.env.get("delivery.carrier")
        if Carrier is None or "distance_base_fee" not in Carrier._fields:
            return None
        return Carrier.sudo().search([("delivery_type", "=", "distance"),
                                      ("company_id", "in", (False, self.env.company.id))],
                                     order="sequence, id", limit=1) or None
