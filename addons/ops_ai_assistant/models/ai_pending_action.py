"""Actions the Operations Assistant proposes to a staff member, done only once confirmed.

The staff action tools (``propose_activity``, ``propose_message``, ``propose_reschedule``,
see ``ai_tool.py`` / ``ai_tool_action.py``) never act: they check the record with the staff
member's rights and record a pending action here, and the model asks for confirmation. The
staff member's next message in the chat decides: "yes" / "sim" (see :data:`CONFIRM`) runs
the action **as the staff member** (their rights apply again then), anything else cancels
it. Rows are written by this code only; each user reads their own.

Each ``action_type`` is carried out by ``_ai_do_<action_type>(record)``, which returns the
text to post back (or raises ``UserError`` / ``AccessError``, answered as a refusal).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

CONFIRM = {"yes", "y", "ok", "confirm", "confirmed", "sim", "s", "confirmo", "confirmar", "pode"}


class AiPendingAction(models.Model):
    _name = "ai.pending.action"
    _description = "AI Proposed Action"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, index=True, readonly=True)
    discuss_channel_id = fields.Many2one("discuss.channel", required=True, index=True, readonly=True,
                                         ondelete="cascade")
    action_type = fields.Selection([("activity", "To-do Activity"), ("message", "Message to a Customer"),
                                    ("reschedule", "Delivery Reschedule")],
                                   default="activity", required=True, readonly=True)
    res_model = fields.Char(string="Record Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    summary = fields.Char(required=True, readonly=True)
    note = fields.Text(readonly=True)
    date_deadline = fields.Date(string="Due Date", readonly=True)
    messaging_channel_id = fields.Many2one("messaging.channel", readonly=True,
                                           ondelete="cascade")
    recipient = fields.Char(string="To", readonly=True)
    body = fields.Text(string="Message", readonly=True)
    new_date = fields.Date(string="New Delivery Day", readonly=True)
    state = fields.Selection([("pending", "Waiting for confirmation"), ("done", "Done"),
                              ("cancelled", "Cancelled")], default="pending", required=True, readonly=True)

    @api.model
    def _ai_propose(self, record, values, channel):
        """Record the proposal of an action on ``record`` (checked with the asker's rights
        already) in the staff chat ``channel``; earlier proposals of that chat are cancelled."""
        Pending = self.sudo()
        Pending.search([("discuss_channel_id", "=", channel.id), ("state", "=", "pending")]).state = "cancelled"
        return Pending.create({
            "user_id": record.env.uid, "discuss_channel_id": channel.id, "res_model": record._name,
            "res_id": record.id, **values,
        })

    def _ai_decide(self, answer):
        """The staff member answered ``answer``: do the action (as them) when it is a
        confirmation, else cancel. The text to post back (None: cancelled, the answer goes
        to the model)."""
        self.ensure_one()
        if answer.strip().strip(".!").lower() not in CONFIRM:
            self.sudo().state = "cancelled"
            return None
        record = self.env[self.res_model].browse(self.res_id).exists()  # the staff member's environment
        if not record:
            self.sudo().state = "cancelled"
            return self.env._("The record is gone: nothing was done.")
        try:
            with self.env.cr.savepoint():
                text = getattr(self, f"_ai_do_{self.action_type}")(record)
        except (AccessError, UserError) as exc:
            self.sudo().state = "cancelled"
            return self.env._("I could not do it: %s", str(exc).splitlines()[0][:200])
        self.sudo().state = "done"
        return text

    def _ai_link(self, record):
        return f"[{record.display_name}](/odoo/{record._name}/{record.id})"

    def _ai_do_activity(self, record):
        record.activity_schedule("mail.mail_activity_data_todo", summary=self.summary, note=self.note,
                                 date_deadline=self.date_deadline or fields.Date.context_today(self),
                                 user_id=self.env.uid)
        return self.env._("Done: to-do “%(summary)s” on %(link)s.", summary=self.summary, link=self._ai_link(record))

    def _ai_do_message(self, record):
        """Send through crm_messaging's composer, as the staff member: it checks their
        access, that the channel reaches the customer and the recipient, and queues the
        message through ``messaging.outbound._queue`` (consent enforced there)."""
        composer = self.env["messaging.composer"].create({
            "res_model": record._name, "res_id": record.id, "channel_id": self.messaging_channel_id.id,
            "recipient": self.recipient, "body": self.body,
        })
        notification = composer.action_send()
        if notification.get("params", {}).get("type") == "warning":  # blocked (opted out...)
            return self.env._("Not sent to %(link)s: %(reason)s", link=self._ai_link(record),
                              reason=notification["params"]["message"])
        return self.env._("Done: message to %(link)s queued on %(channel)s.", link=self._ai_link(record),
                          channel=self.messaging_channel_id.name)

    def _ai_do_reschedule(self, record):
        """Move the delivery to ``new_date`` (same time of day, in the staff member's time
        zone), and its driver day when driver_portal plans it."""
        record._ai_check_reschedulable()
        record.write(record._ai_reschedule_values(self.new_date))
        return self.env._("Done: %(link)s rescheduled to %(date)s.", link=self._ai_link(record),
                          date=fields.Date.to_string(self.new_date))
