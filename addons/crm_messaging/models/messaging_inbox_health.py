"""The health report of the messaging channels (``GET /messaging/health``)."""

from datetime import timedelta

from odoo import api, fields, models

HEALTH_PARAM = "crm_messaging.health_token"


class MessagingInbox(models.Model):
    _inherit = "messaging.inbox"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _health_report(self):
        """Per active channel: state, backlog, failures and deliveries of the last hour.
        Three grouped queries, whatever the number of channels."""
        channels = self.env["messaging.channel"].search([], order="id")
        since = fields.Datetime.now() - timedelta(hours=1)
        pending = {
            channel.id: (count, oldest)
            for channel, count, oldest in self._read_group(
                [("state", "=", "pending"), ("channel_id", "in", channels.ids)],
                ["channel_id"],
                ["__count", "received_at:min"],
            )
        }
        failed = dict(
            self._read_group(
                [("state", "=", "failed"), ("write_date", ">=", since), ("channel_id", "in", channels.ids)],
                ["channel_id"],
                ["__count"],
            )
        )
        received = dict(
            self._read_group(
                [("received_at", ">=", since), ("channel_id", "in", channels.ids)], ["channel_id"], ["__count"]
            )
        )
        now = fields.Datetime.now()
        rows = []
        for channel in channels:
            backlog, oldest = pending.get(channel.id, (0, None))
            rows.append(
                {
                    "id": channel.id,
                    "name": channel.name,
                    "type": channel.channel_type,
                    "company": channel.company_id.name,
                    "state": channel.state,
                    "backlog": backlog,
                    "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else None,
                    "failures_last_hour": failed.get(channel, 0),
                    "received_last_hour": received.get(channel, 0),
                }
            )
        totals = {key: sum(row[key] for row in rows) for key in ("backlog", "failures_last_hour", "received_last_hour")}
        degraded = totals["failures_last_hour"] or any(row["state"] == "error" for row in rows)
        return {"status": "degraded" if degraded else "ok", "channels": rows, "totals": totals}
