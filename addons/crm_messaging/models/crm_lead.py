from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    chatwoot_conversation_id = fields.Char(
        copy=False,
        index="btree_not_null",
        help="The Chatwoot conversation of this lead; replies from Odoo are posted there.",
    )
