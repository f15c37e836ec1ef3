"""Actions the Operations Assistant proposes to a staff member, done only once confirmed.

The staff tool ``propose_activity`` never acts: it records a pending action (a to-do
activity on a record of an allowed model that the staff member can read) and the model
asks for confirmation. The staff member's next message in the chat decides: "yes" / "sim"
(see :data:`CONFIRM`) creates the activity **as the staff member** (their rights apply
then), anything else cancels it. Rows are written by this code only; each user reads
their own.
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
    res_model = fields.Char(string="Record Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    summary = fields.Char(required=True, readonly=True)
    note = fields.Text(readonly=True)
    date_deadline = fields.Date(string="Due Date", readonly=True)
    state = fields.Selection([("pending", "Waiting for confirmation"), ("done", "Done"),
                              ("cancelled", "Cancelled")], default="pending", required=True, readonly=True)

    @api.model
    def _ai_propose(self, record, values, channel):
        """Record the proposal of a to-do on ``record`` (read by the asker already) in the
        staff chat ``channel``; earlier proposals of that chat are cancelled."""
        Pending = self.sudo()
        Pending.search([("discuss_channel_id", "=", channel.id), ("state", "=", "pending")]).state = "cancelled"
        return Pending.create({
            "user_id": record.env.uid, "discuss_channel_id": channel.id, "res_model": record._name,
            "res_id": record.id, **values,
        })

    def _ai_decide(self, answer):
        """The staff member answered ``answer``: create the activity (as them) when it is a
        confirmation, else cancel. The text to post back."""
        self.ensure_one()
        if answer.strip().strip(".!").lower() not in CONFIRM:
            self.sudo().state = "cancelled"
            return None
        record = self.env[self.res_model].browse(self.res_id).exists()  # the staff member's environment
        if not record:
            self.sudo().state = "cancelled"
            return self.env._("The record is gone: nothing was done.")
        try:
            record.activity_schedule("mail.mail_activity_data_todo", summary=self.summary, note=self.note,
                                     date_deadline=self.date_deadline or fields.Date.context_today(self),
                                     user_id=self.env.uid)
        except (AccessError, UserError) as exc:
            self.sudo().state = "cancelled"
            return self.env._("I could not create the activity: %s", str(exc).splitlines()[0][:200])
        self.sudo().state = "done"
        return self.env._("Done: to-do “%(summary)s” on [%(name)s](/odoo/%(model)s/%(id)s).",
                          summary=self.summary, name=record.display_name, model=record._name, id=record.id)
