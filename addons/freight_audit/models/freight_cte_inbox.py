from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ACCEPTED = (".xml", ".zip")


class FreightCteInbox(models.Model):
    """One email received on the CT-e alias (e.g. cte@yourcompany.com): the email and
    its attachments stay in this record's chatter whatever happens; its XML/ZIP
    attachments are imported as CT-e and the outcome recorded (imported CT-e, errors)."""

    _name = "freight.cte.inbox"
    _description = "CT-e Email"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Subject", readonly=True)
    email_from = fields.Char(readonly=True)
    cte_ids = fields.Many2many("freight.cte", string="Imported CT-e", readonly=True)
    errors = fields.Text(readonly=True)
    state = fields.Selection([("done", "Imported"), ("partial", "Partly imported"), ("failed", "Nothing imported")],
                             readonly=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, readonly=True)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Mail gateway (runs as superuser): keep the email, import its CT-e files."""
        if not self.env.su:
            raise AccessError(self.env._("CT-e emails come in through the mail gateway only."))
        values = {"name": msg_dict.get("subject") or "", "email_from": msg_dict.get("email_from") or "",
                  **(custom_values or {})}
        inbox = super().message_new(msg_dict, custom_values=values)
        records, errors = self.env["freight.cte"], []
        for attachment in msg_dict.get("attachments") or []:
            filename, content = attachment[0] or "", attachment[1]
            if not filename.lower().endswith(ACCEPTED):
                continue
            content = content.encode() if isinstance(content, str) else content
            try:
                found, failed = self.env["freight.cte"]._import_file(filename, content)
            except UserError as exc:
                found, failed = self.env["freight.cte"], [str(exc)]
            records |= found
            errors += failed
        if not records and not errors:
            errors.append(self.env._("The email has no XML or ZIP attachment."))
        inbox.write({"cte_ids": [(6, 0, records.ids)], "errors": "\n".join(errors) or False,
                     "state": "failed" if not records else "partial" if errors else "done"})
        return inbox
