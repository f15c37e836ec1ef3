"""Messages sent (or to be sent) by automation rules: the memory of the safety rules.

One row per message an action decided to send (``ir.actions.server._messaging_plan``):
*queued* at once through ``messaging.outbound._queue``, or *scheduled* for later (quiet hours
of the customer, over the cap of the run) by a ``queue_job`` job with an ``eta`` that queues
it then. The cooldown reads these rows, scheduled ones included, so a deferred message
already counts and the next run does not send it a second time.
"""

from datetime import timedelta

from odoo import api, fields, models


class OpsAutomationSend(models.Model):
    _name = "ops.automation.send"
    _description = "Automated Message"
    _order = "date desc, id desc"

    action_id = fields.Many2one("ir.actions.server", required=True, index=True, ondelete="cascade")
    automation_id = fields.Many2one(related="action_id.base_automation_id", string="Rule")
    res_model = fields.Char(string="Document Model", required=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", ondelete="set null")
    channel_id = fields.Many2one("messaging.channel", required=True, ondelete="cascade")
    recipient = fields.Char(string="To", required=True)
    subject = fields.Char()
    body = fields.Text(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, help="When the rule decided to send it.")
    scheduled_at = fields.Datetime(string="Send At", required=True)
    reason = fields.Char(string="Deferred Because")
    state = fields.Selection(
        [("scheduled", "Scheduled"), ("queued", "Queued")], required=True, default="scheduled", index=True
    )
    outbound_id = fields.Many2one("messaging.outbound", string="Outbound Message", ondelete="set null")

    _cooldown_idx = models.Index("(action_id, res_id, date)")

    @api.model
    def _cooldown_end(self, action, document, now):
        """When ``action`` may message ``document`` again, if it did within its cooldown."""
        days = action.messaging_cooldown_days
        if days <= 0:
            return False
        last = self.search(
            [
                ("action_id", "=", action.id),
                ("res_model", "=", document._name),
                ("res_id", "=", document.id),
                ("date", ">", now - timedelta(days=days)),
            ],
            order="date desc",
            limit=1,
        )
        return last.date + timedelta(days=days) if last else False

    @api.model
    def _schedule(self, plan):
        """Record the message of ``plan`` and queue it now or at ``plan['eta']``."""
        if plan["outcome"] == "skip":
            return self.browse()
        send = self.create(
            {
                "action_id": plan["action"].id,
                "res_model": plan["document"]._name,
                "res_id": plan["document"].id,
                "partner_id": plan["partner"].id,
                "channel_id": plan["channel"].id,
                "recipient": plan["recipient"],
                "subject": plan["subject"] or False,
                "body": plan["body"],
                "scheduled_at": plan["eta"],
                "reason": plan["reason"] or False,
            }
        )
        if plan["outcome"] == "send":
            send._deliver()
        else:
            send.with_delay(
                eta=plan["eta"], channel="root.messaging", description=f"Automated message {send.id} (deferred)"
            )._deliver()
        return send

    def _deliver(self):
        """Hand the scheduled rows to the outbound queue (the job of a deferred message; a
        row already queued is left alone, so a job run twice sends nothing twice)."""
        for send in self.filtered(lambda row: row.state == "scheduled"):
            outbound = (
                self.env["messaging.outbound"]
                .sudo()
                ._queue(
                    [
                        {
                            "channel_id": send.channel_id.id,
                            "recipient": send.recipient,
                            "subject": send.subject,
                            "body": send.body,
                            "res_model": send.res_model,
                            "res_id": send.res_id,
                            "partner_id": send.partner_id.id,
                        }
                    ]
                )
            )
            send.write({"state": "queued", "outbound_id": outbound.id})
        return True
