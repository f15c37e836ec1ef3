"""The staff action tools: ``propose_activity`` (a to-do on a record), ``propose_message``
(a message to a customer on a messaging channel) and ``propose_reschedule`` (move a
delivery to another day). None of them acts: each checks the record **with the staff
member's rights** (``tool_env``, never sudo before the check) and records a proposal
(``ai.pending.action``); the action runs as the staff member once they answer yes.
``ai.tool`` offers and runs them for the staff audience only (the audience is set by the
job, not by the model): customers never get them."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .ai_tool import ToolError

ACTIVITY, MESSAGE, RESCHEDULE = "propose_activity", "propose_message", "propose_reschedule"
MESSAGE_MODELS = ("crm.lead", "res.partner")  # what crm_messaging's composer sends from
MAX_BODY = 1600
CONFIRM_HINT = "Ask the staff member to answer yes to do it; anything else cancels it."


class AiToolAction(models.AbstractModel):
    _name = "ai.tool.action"
    _description = "AI Assistant Staff Action Tools"

    @api.model
    def _ai_tool_list(self, allowed):
        """The definitions of the action tools; ``allowed``: the staff allow-list."""
        record = {"record_id": {"type": "integer"}}
        confirm = "Nothing is done until the staff member answers yes: say what will be done and ask them to confirm."
        return [{
            "name": ACTIVITY,
            "description": "Propose a to-do activity for the staff member on one record (of a model you may "
                           "search). " + confirm,
            "input_schema": {"type": "object", "properties": {
                "model": {"type": "string", "enum": sorted(allowed) or [""]}, **record,
                "summary": {"type": "string", "maxLength": 200}, "note": {"type": "string", "maxLength": 2000},
                "date_deadline": {"type": "string", "description": "YYYY-MM-DD"},
            }, "required": ["model", "record_id", "summary"]},
        }, {
            "name": MESSAGE,
            "description": "Propose a message (SMS / WhatsApp / conversation reply / e-mail) to a customer, sent "
                           "from a lead (crm.lead) or a contact (res.partner). Without channel_id the first channel "
                           "that reaches the customer is used; the result lists the others. " + confirm,
            "input_schema": {"type": "object", "properties": {
                "model": {"type": "string", "enum": list(MESSAGE_MODELS)}, **record,
                "body": {"type": "string", "maxLength": MAX_BODY}, "channel_id": {"type": "integer"},
            }, "required": ["model", "record_id", "body"]},
        }, {
            "name": RESCHEDULE,
            "description": "Propose to reschedule a delivery (stock.picking of type outgoing, not done nor "
                           "cancelled) to another day. " + confirm,
            "input_schema": {"type": "object", "properties": {
                **record, "date": {"type": "string", "description": "the new day, YYYY-MM-DD"},
            }, "required": ["record_id", "date"]},
        }]

    @api.model
    def _ai_run_tool(self, tool_env, name, tool_input):
        """Check and record the proposal of tool ``name``: the result for the model."""
        method = {ACTIVITY: self._ai_propose_activity, MESSAGE: self._ai_propose_message,
                  RESCHEDULE: self._ai_propose_reschedule}.get(name)
        if not method:
            raise ToolError(f"unknown tool {name!r}")
        return method(tool_env, tool_input)

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
    def _ai_propose(self, tool_env, record, values):
        staff_chat = tool_env["discuss.channel"].browse(tool_env.context.get("ai_discuss_channel_id") or ())
        if not staff_chat:  # only the staff chat's job can confirm a proposal
            raise ToolError("actions can only be proposed in the Operations Assistant chat")
        self.env["ai.pending.action"]._ai_propose(record, values, staff_chat)

    @api.model
    def _ai_propose_activity(self, tool_env, tool_input):
        model_name = tool_input.get("model")
        if model_name not in self.env["ai.allowed.model"]._ai_allowed("staff"):
            raise ToolError(f"model {model_name!r} is not available")
        record = self._ai_readable_record(tool_env, model_name, tool_input.get("record_id"))
        summary = str(tool_input.get("summary") or "").strip()[:200]
        if not summary:
            raise ToolError("summary is required")
        try:
            deadline = fields.Date.to_date(tool_input.get("date_deadline") or None)
        except ValueError:
            raise ToolError("date_deadline must be YYYY-MM-DD") from None
        self._ai_propose(tool_env, record, {
            "action_type": "activity", "summary": summary,
            "note": str(tool_input.get("note") or "")[:2000] or False, "date_deadline": deadline})
        return {"proposed": True, "record": record.display_name, "next": CONFIRM_HINT}

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
        self._ai_propose(tool_env, record, {
            "action_type": "message", "summary": self.env._("Message to %s", record.display_name)[:200],
            "messaging_channel_id": channel.id, "recipient": recipient, "body": body})
        # the recipient (a phone number / e-mail address) is not sent to the model: see readme/CONFIGURE.md
        return {"proposed": True, "record": record.display_name, "channel": channel.name,
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
        self._ai_propose(tool_env, picking, {
            "action_type": "reschedule", "new_date": day,
            "summary": self.env._("Reschedule %(name)s to %(date)s", name=picking.display_name,
                                  date=fields.Date.to_string(day))[:200]})
        return {"proposed": True, "record": picking.display_name, "from": picking.scheduled_date,
                "to": fields.Date.to_string(day), "next": CONFIRM_HINT}
