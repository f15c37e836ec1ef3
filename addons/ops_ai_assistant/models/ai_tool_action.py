"""Staff action tools besides ``propose_activity``: ``propose_message`` (a message to a
customer on a messaging channel) and ``propose_reschedule`` (move a delivery to another
day). Like ``propose_activity`` they only record a proposal (``ai.pending.action``) after
checking the record **with the staff member's rights** (never sudo before the check); the
action itself runs as the staff member once they answer yes. Customers never get them
(``audience`` is set by the job, not by the model)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .ai_tool import ToolError

MESSAGE = "propose_message"
RESCHEDULE = "propose_reschedule"
MESSAGE_MODELS = ("crm.lead", "res.partner")  # what crm_messaging's composer sends from
MAX_BODY = 1600
CONFIRM_HINT = "Ask the staff member to answer yes to do it; anything else cancels it."


class AiToolAction(models.AbstractModel):
    _inherit = "ai.tool"

    @api.model
    def _ai_tool_list(self, audience):
        tools = super()._ai_tool_list(audience)
        if audience != "staff":
            return tools
        record = {"record_id": {"type": "integer"}}
        tools.insert(-1, {
            "name": MESSAGE,
            "description": (
                "Propose a message (SMS / WhatsApp / conversation reply / e-mail) to a customer, sent from a lead "
                "(crm.lead) or a contact (res.partner). Nothing is sent until the staff member answers yes: "
                "show them the text and ask them to confirm. Without channel_id the first channel that reaches "
                "the customer is used; the result lists the others."
            ),
            "input_schema": {"type": "object", "properties": {
                "model": {"type": "string", "enum": list(MESSAGE_MODELS)}, **record,
                "body": {"type": "string", "maxLength": MAX_BODY}, "channel_id": {"type": "integer"},
            }, "required": ["model", "record_id", "body"]},
        })
        tools.insert(-1, {
            "name": RESCHEDULE,
            "description": (
                "Propose to reschedule a delivery (stock.picking of type outgoing, not done nor cancelled) to "
                "another day. Nothing changes until the staff member answers yes: ask them to confirm."
            ),
            "input_schema": {"type": "object", "properties": {
                **record, "date": {"type": "string", "description": "the new day, YYYY-MM-DD"},
            }, "required": ["record_id", "date"]},
        })
        return tools

    @api.model
    def _ai_run_tool(self, tool_env, audience, name, tool_input):
        if audience == "staff" and name == MESSAGE:
            return self._ai_propose_message(tool_env, tool_input)
        if audience == "staff" and name == RESCHEDULE:
            return self._ai_propose_reschedule(tool_env, tool_input)
        return super()._ai_run_tool(tool_env, audience, name, tool_input)

    @api.model
    def _ai_readable_record(self, tool_env, model_name, record_id):
        """The record, read access checked as the asker (``AccessError`` otherwise)."""
        if not isinstance(record_id, int) or isinstance(record_id, bool):
            raise ToolError("record_id must be an integer")
        record = tool_env[model_name].browse(record_id).exists()
        if not record:
            raise ToolError("no such record")
        record.check_access("read")
        return record

    @api.model
    def _ai_propose_message(self, tool_env, tool_input):
        model_name = tool_input.get("model")
        if model_name not in MESSAGE_MODELS:
            raise ToolError(f"messages are sent from {' or '.join(MESSAGE_MODELS)} only")
        record = self._ai_readable_record(tool_env, model_name, tool_input.get("record_id"))
        body = str(tool_input.get("body") or "").strip()
        if not body or len(body) > MAX_BODY:
            raise ToolError(f"body is required (at most {MAX_BODY} characters)")
        Composer = tool_env["messaging.composer"]
        if not Composer.has_access("create"):
            raise ToolError("this staff member may not send messages to customers")
        channels = Composer.new({"res_model": record._name, "res_id": record.id}).available_channel_ids._origin
        channel_id = tool_input.get("channel_id")
        channel = channels.filtered(lambda c: c.id == channel_id) if channel_id else channels[:1]
        if not channel:
            raise ToolError("no messaging channel can reach this customer" + (
                f"; channels that can: {[{'id': c.id, 'name': c.name} for c in channels]}" if channels else ""))
        composer = Composer.new({"res_model": record._name, "res_id": record.id, "channel_id": channel.id})
        recipient = (composer.recipient or "").strip()
        if not recipient:
            raise ToolError(f"the customer has no address for {channel.name}")
        self.env["ai.pending.action"]._ai_propose(record, {
            "action_type": "message", "summary": self.env._("Message to %s", record.display_name)[:200],
            "messaging_channel_id": channel.id, "recipient": recipient, "body": body,
        }, self._ai_staff_chat(tool_env))
        return {"proposed": True, "record": record.display_name, "channel": channel.name, "to": recipient,
                "other_channels": [{"id": c.id, "name": c.name} for c in channels - channel],
                "warning": composer.consent_warning or None, "next": CONFIRM_HINT}

    @api.model
    def _ai_propose_reschedule(self, tool_env, tool_input):
        picking = self._ai_readable_record(tool_env, "stock.picking", tool_input.get("record_id"))
        picking.check_access("write")
        try:
            day = fields.Date.to_date(tool_input.get("date") or None)
        except ValueError:
            day = None
        if not day:
            raise ToolError("date must be YYYY-MM-DD")
        if day < fields.Date.context_today(picking):
            raise ToolError("the new day is in the past")
        try:
            picking._ai_check_reschedulable()
        except UserError as exc:
            raise ToolError(str(exc.args[0])) from None
        self.env["ai.pending.action"]._ai_propose(picking, {
            "action_type": "reschedule", "new_date": day,
            "summary": self.env._("Reschedule %(name)s to %(date)s", name=picking.display_name,
                                  date=fields.Date.to_string(day))[:200],
        }, self._ai_staff_chat(tool_env))
        return {"proposed": True, "record": picking.display_name, "from": picking.scheduled_date,
                "to": fields.Date.to_string(day), "next": CONFIRM_HINT}

    @api.model
    def _ai_staff_chat(self, tool_env):
        return tool_env["discuss.channel"].browse(tool_env.context.get("ai_discuss_channel_id"))
