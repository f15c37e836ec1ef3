"""Reusable texts for the *Send SMS / WhatsApp* composer, with placeholders.

Rendering uses Odoo's own ``inline_template`` engine (``mail.render.mixin``), as mail
templates do: ``{{ partner.name }}``, ``{{ object.name }}`` (the lead or partner the
composer was opened on), ``{{ lead.expected_revenue }}``, ``{{ user.name }}``,
``{{ company.name }}``, with ``{{ expr ||| default }}`` for empty values. Like
``mail.template``, rendering is unrestricted because writing a dynamic template is
restricted: the mixin checks on create/write that the author may edit dynamic templates
(``mail.group_mail_template_editor``), and only Messaging Managers can write templates.
"""

from odoo import api, fields, models


class MessagingTemplate(models.Model):
    _name = "messaging.template"
    _description = "Messaging Template"
    _inherit = ["mail.render.mixin"]
    _order = "sequence, name, id"
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the template between companies.")
    channel_type = fields.Selection(
        selection="_selection_channel_type",
        help="Offer this template only for channels of this type; leave empty for every type.",
    )
    subject = fields.Char(translate=True, help="Email subject (SendGrid channels).")
    body = fields.Text(required=True, translate=True)

    @api.model
    def _selection_channel_type(self):
        return self.env["messaging.channel"]._fields["channel_type"]._description_selection(self.env)

    def _compute_render_model(self):
        # Templates are rendered on leads or partners, whichever the composer is on.
        self.render_model = "crm.lead"

    def _render_on(self, record):
        """``(subject, body)`` of this template rendered on ``record`` (a lead or partner)."""
        self.ensure_one()
        lead = record if record._name == "crm.lead" else self.env["crm.lead"]
        partner = lead.partner_id if lead else record if record._name == "res.partner" else self.env["res.partner"]
        add_context = {
            "lead": lead,
            "partner": partner,
            "company": record.company_id if "company_id" in record and record.company_id else self.env.company,
        }
        rendered = {}
        for name in ("subject", "body"):
            source = self[name]
            rendered[name] = (
                self._render_template(
                    source, record._name, [record.id], engine="inline_template", add_context=add_context
                )[record.id]
                if source
                else ""
            )
        return rendered["subject"], rendered["body"]
