"""Outbound messages in the conversation log (``messaging.message``): each
``messaging.outbound`` row has one log row, created when it is queued (or blocked) and moved
on when the send ends (sent / failed / blocked) or is retried."""

from odoo import fields, models


class MessagingOutbound(models.Model):
    _inherit = "messaging.outbound"  # pylint: disable=consider-merging-classes-inherited

    log_message_id = fields.Many2one(
        "messaging.message", string="Log Entry", compute="_compute_log_message_id", compute_sudo=True
    )

    def _compute_log_message_id(self):
        logs = self.env["messaging.message"].sudo().search([("outbound_id", "in", self.ids)])
        by_outbound = {log.outbound_id.id: log for log in logs}
        for outbound in self:
            outbound.log_message_id = by_outbound.get(outbound.id, False)

    def _log_queued(self):
        """Create the log row of each message (status = the row's: queued or blocked)."""
        Message = self.env["messaging.message"].sudo()
        for outbound in self.sudo():
            target = outbound._target()
            customer = Message._customer_values(target, outbound.partner_id)
            Message._log(
                {
                    "channel_id": outbound.channel_id.id,
                    "company_id": outbound.company_id.id,
                    "direction": "outbound",
                    "address": outbound.recipient,
                    "body": "\n".join(filter(None, (outbound.subject, outbound.body))),
                    "status": outbound.state,
                    "error": outbound.last_error if outbound.state == "blocked" else False,
                    "outbound_id": outbound.id,
                    **customer,
                }
            )

    def _log_state(self):
        """Move each message's log row to the message's state (and provider id)."""
        Message = self.env["messaging.message"].sudo()
        for outbound in self.sudo():
            log = outbound.log_message_id
            if not log:
                continue
            pid = outbound.provider_message_id
            if pid and log.provider_message_id != pid:
                # The provider's status event may have logged this message first (as a
                # message nobody sent from Odoo): keep that row's later status, drop it.
                echo = Message.search(
                    [
                        ("channel_id", "=", outbound.channel_id.id),
                        ("provider_message_id", "=", pid),
                        ("id", "!=", log.id),
                    ]
                )
                later = echo.filtered(lambda row: row.status in ("delivered", "read"))
                echo.unlink()
                log.provider_message_id = pid
                for row in later:
                    log._set_status(row.status, when=row[f"{row.status}_at"])
            log._set_status(outbound.state, error=outbound.last_error)
