"""The assistant's tools (Anthropic tool use): definitions sent to the model and their
execution.

* ``search_records`` (customers and staff): a read-only look-up over the allow-list
  (``ai.allowed.model``). It runs in the environment it is given, i.e. **with the asker's
  rights**: staff as themselves, customers as the scoped assistant user (record rules, see
  ``ir_rule.py``). A model or field outside the allow-list, a filter the tool does not
  accept, or an access error is answered as a tool error (0 rows), never raised.
* ``handoff`` (customers only): ends the answer and hands the conversation to a person.
* ``propose_activity``, ``propose_message``, ``propose_reschedule`` (staff only, see
  ``ai_tool_action.py``): propose an action; nothing is done until the staff member
  confirms (``ai.pending.action``).

The model's input is untrusted: every name and value is checked here before any query.
"""

import json
import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

SEARCH = "search_records"
HANDOFF = "handoff"
ACTIONS = ("propose_activity", "propose_message", "propose_reschedule")  # staff only, ai_tool_action.py
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in", "not in", "ilike", "not ilike")
MAX_LIMIT = 20
INTENTS = ("human_request", "cancellation", "complaint", "unsure", "other")
SCALARS = (str, int, float, bool, type(None))


class ToolError(Exception):
    """A bad tool request: answered to the model as a tool error."""


class AiTool(models.AbstractModel):
    _name = "ai.tool"
    _description = "AI Assistant Tools"

    @api.model
    def _ai_definitions(self, audience):
        """The tool definitions for ``audience`` ('customer' / 'staff'); the last one carries
        the prompt-cache breakpoint (tools are the start of the cached prefix)."""
        tools = self._ai_tool_list(audience)
        tools[-1]["cache_control"] = {"type": "ephemeral"}
        return tools

    @api.model
    def _ai_tool_list(self, audience):
        """Hook: the tool definitions of ``audience`` (extended by optional tools)."""
        allowed = self.env["ai.allowed.model"]._ai_allowed(audience)
        catalogue = "\n".join(f"- {model}: {', '.join(sorted(names))}" for model, names in sorted(allowed.items()))
        tools = [{
            "name": SEARCH,
            "description": (
                "Read-only search of business records. Only these models and fields exist for you:\n"
                f"{catalogue}\nFilters are [field, operator, value] triples on those fields; operators: "
                f"{', '.join(OPERATORS)}. Dates as YYYY-MM-DD, or 'today'. At most {MAX_LIMIT} rows."
            ),
            "input_schema": {
                "type": "object",
                "properties": {
                    "model": {"type": "string", "enum": sorted(allowed) or [""]},
                    "filters": {"type": "array", "items": {"type": "array", "minItems": 3, "maxItems": 3}},
                    "fields": {"type": "array", "items": {"type": "string"}},
                    "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                    "order": {"type": "string", "description": "e.g. 'date_order desc'"},
                },
                "required": ["model"],
            },
        }]
        if audience == "staff":
            tools += self.env["ai.tool.action"]._ai_tool_list(allowed)
        if audience == "customer":
            tools.append({
                "name": HANDOFF,
                "description": (
                    "Hand the conversation to a person (the customer's salesperson) and stop answering. Use it "
                    "when the customer asks for a person, wants to cancel, complains, or when you are not sure."
                ),
                "input_schema": {
                    "type": "object",
                    "properties": {
                        "intent": {"type": "string", "enum": list(INTENTS)},
                        "reason": {"type": "string", "description": "One sentence for the salesperson."},
                    },
                    "required": ["intent", "reason"],
                },
            })
        return tools

    @api.model
    def _ai_execute(self, tool_env, audience, name, tool_input):
        """Run tool ``name``: ``(json text, is_error)``. ``tool_env`` is the asker's
        environment (see the module docstring)."""
        try:
            result = self._ai_run_tool(tool_env, audience, name, tool_input)
        except ToolError as exc:
            return json.dumps({"error": str(exc), "rows": []}), True
        except AccessError:
            return json.dumps({"error": "access denied", "rows": []}), True
        return json.dumps(result, default=str, ensure_ascii=False), False

    @api.model
    def _ai_run_tool(self, tool_env, audience, name, tool_input):
        """Hook: the result (a JSON-able dict) of tool ``name``; :class:`ToolError` for a
        request to refuse."""
        if name in ACTIONS and audience == "staff":
            return self.env["ai.tool.action"]._ai_run_tool(tool_env, name, tool_input)
        if name != SEARCH:
            raise ToolError(f"unknown tool {name!r}")
        rows = self._ai_search(tool_env, audience, tool_input)
        return {"rows": rows, "count": len(rows)}

    @api.model
    def _ai_search(self, tool_env, audience, tool_input):
        allowed = self.env["ai.allowed.model"]._ai_allowed(audience)
        model_name = tool_input.get("model")
        if not isinstance(model_name, str) or model_name not in allowed:
            raise ToolError(f"model {model_name!r} is not available")
        allowed_fields = allowed[model_name]
        wanted = tool_input.get("fields") or sorted(allowed_fields)
        if not isinstance(wanted, list) or any(name not in allowed_fields for name in wanted):
            asked = wanted if isinstance(wanted, list) else [wanted]
            refused = [name for name in asked if name not in allowed_fields]
            raise ToolError(f"field(s) not available: {', '.join(map(str, refused))}")
        domain = self._ai_domain(tool_input.get("filters") or [], allowed_fields)
        limit = tool_input.get("limit") or 10
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise ToolError(f"limit must be between 1 and {MAX_LIMIT}")
        Model = tool_env[model_name]
        order = self._ai_order(tool_input.get("order"), allowed_fields, Model)
        try:
            with tool_env.cr.savepoint():
                records = Model.search(domain, limit=limit, order=order)
                return [self._ai_row(record, wanted, audience) for record in records]
        except AccessError:
            raise  # a UserError too, answered as "access denied" by _ai_execute
        except (ValueError, UserError, ValidationError, psycopg2.DataError) as exc:
            # a filter value the database refuses (e.g. text for a number): the model's error
            raise ToolError(f"invalid filter: {str(exc).splitlines()[0][:200]}") from None

    @api.model
    def _ai_domain(self, filters, allowed_fields):
        if not isinstance(filters, list):
            raise ToolError("filters must be a list of [field, operator, value]")
        domain = Domain.TRUE
        for item in filters:
            if not (isinstance(item, list | tuple) and len(item) == 3):
                raise ToolError("each filter is [field, operator, value]")
            field_name, operator, value = item
            if field_name not in allowed_fields:
                raise ToolError(f"field {field_name!r} is not available")
            if operator not in OPERATORS:
                raise ToolError(f"operator {operator!r} is not available")
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(v, SCALARS) for v in values) or len(values) > 100:
                raise ToolError("filter values must be plain values")
            domain &= Domain(field_name, operator, value)
        return domain

    @api.model
    def _ai_order(self, order, allowed_fields, Model):
        if not order:
            return None
        parts = str(order).split()
        if len(parts) > 2 or parts[0] not in allowed_fields or not Model._fields[parts[0]].store \
                or (len(parts) == 2 and parts[1].lower() not in ("asc", "desc")):
            raise ToolError(f"cannot order by {order!r}")
        return " ".join(parts)

    @api.model
    def _ai_row(self, record, names, audience):
        row = {"id": record.id}
        if audience == "staff":
            row["url"] = f"/odoo/{record._name}/{record.id}"
        for name in names:
            field, value = record._fields[name], record[name]
            if field.type == "many2one":
                row[name] = value._filtered_access("read").display_name or (value.id or None)
            elif field.type in ("one2many", "many2many"):
                row[name] = value._filtered_access("read").mapped("display_name")[:20]
            elif field.type == "selection":
                row[name] = dict(field._description_selection(record.env)).get(value, value) if value else None
            elif field.type in ("date", "datetime"):
                row[name] = fields.Datetime.to_string(value) if field.type == "datetime" and value else (
                    fields.Date.to_string(value) if value else None)
            elif field.type == "binary":
                row[name] = bool(value)
            else:
                row[name] = value
        return row
