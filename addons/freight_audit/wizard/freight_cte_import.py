import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError


class FreightCteImport(models.TransientModel):
    """Upload a CT-e XML, or a ZIP of them."""

    _name = "freight.cte.import"
    _description = "Import CT-e"

    file = fields.Binary(required=True, attachment=False)
    filename = fields.Char()

    def action_import(self):
        """Import the file; open the imported CT-e. A single file that is not a valid
        CT-e is refused with the reason; a ZIP imports its valid documents and lists
        the others."""
        self.ensure_one()
        self.env["freight.cte"].check_access("read")
        if not self.env.user.has_group("freight_audit.group_freight_user"):
            raise UserError(self.env._("Only freight auditors import CT-e."))
        try:
            content = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            raise UserError(self.env._("The uploaded file could not be read.")) from None
        records, errors = self.env["freight.cte"]._import_file(self.filename or "cte.xml", content)
        if errors and not records:
            raise UserError("\n".join(errors))
        action = {
            "type": "ir.actions.act_window", "name": self.env._("Imported CT-e"), "res_model": "freight.cte",
            "view_mode": "list,form", "domain": [("id", "in", records.ids)],
        }
        if not errors:
            return action
        return {"type": "ir.actions.client", "tag": "display_notification", "params": {
            "type": "warning", "sticky": True,
            "message": self.env._("%(count)s CT-e imported; not imported:\n%(errors)s",
                                  count=len(records), errors="\n".join(errors)),
            "next": action}}
