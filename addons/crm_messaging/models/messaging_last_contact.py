"""When the customer last wrote and was last written to: stored, indexed on leads and
partners (``last_inbound_at`` / ``last_outbound_at`` and their channels), computed from the
conversation log (``messaging.message``), so every log row keeps them current and a
filter "waiting for a reply" or a dashboard needs no join on the log."""

from odoo import fields, models
from odoo.tools import SQL


class MessagingLastContactMixin(models.AbstractModel):
    _name = "messaging.last.contact.mixin"
    _description = "Last Inbound / Outbound Message"

    # The many2one of ``messaging.message`` pointing at this model (set by each model).
    _messaging_log_field = None

    last_inbound_at = fields.Datetime(
        string="Last Inbound Message", compute="_compute_last_messages", store=True, index="btree_not_null"
    )
    last_inbound_channel_id = fields.Many2one("messaging.channel", compute="_compute_last_messages", store=True)
    last_outbound_at = fields.Datetime(
        string="Last Outbound Message", compute="_compute_last_messages", store=True, index="btree_not_null"
    )
    last_outbound_channel_id = fields.Many2one("messaging.channel", compute="_compute_last_messages", store=True)

    def _compute_last_messages(self):
        """Each model declares its dependencies on its own ``messaging_log_ids``."""
        latest = {}
        ids = [record_id for record_id in self.ids if record_id]
        if ids:
            self.env["messaging.message"].flush_model([self._messaging_log_field, "direction", "date", "channel_id"])
            column = SQL.identifier(self._messaging_log_field)
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT ON (%(col)s, direction) %(col)s, direction, date, channel_id
                         FROM messaging_message WHERE %(col)s IN %(ids)s
                        ORDER BY %(col)s, direction, date DESC, id DESC""",
                    col=column,
                    ids=tuple(ids),
                )
            )
            latest = {(row[0], row[1]): row[2:] for row in self.env.cr.fetchall()}
        for record in self:
            inbound = latest.get((record.id, "inbound"), (False, False))
            outbound = latest.get((record.id, "outbound"), (False, False))
            record.last_inbound_at, record.last_inbound_channel_id = inbound
            record.last_outbound_at, record.last_outbound_channel_id = outbound

