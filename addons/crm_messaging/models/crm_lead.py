"""The Chatwoot conversation of a lead, for replies from the composer.

Same definition as the inbound side's ``messaging.chatwoot.conversation.mixin`` (branch
``crm-in``), which also links partners and the Chatwoot channel: once both are merged this
file can go.
"""

from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    chatwoot_conversation_id = fields.Char(
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Id of the Chatwoot conversation of the last message received; replies go there.",
    )
