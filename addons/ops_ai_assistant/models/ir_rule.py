"""The customer assistant's record-rule scope.

Customers are answered as one dedicated user (``ops_ai_assistant.user_ai_assistant``:
inactive, no password, member of ``group_ai_customer_scope`` only). Its record rules
(``security/ai_rules.xml``) compare records with ``ai_customer_id``, the commercial partner
of the customer being answered, which the job passes in the environment's context
(:data:`CONTEXT_KEY`).

Why this is safe although a context is caller-controlled: the value is read **only when the
current user is a member of the scope group** (the assistant user, who cannot log in, so no
RPC call runs as it); for everybody else ``ai_customer_id`` is 0 and the scope rules do not
apply to them anyway (group rules). Without the key the assistant user sees no customer
record (id 0 matches nothing). The key is part of the rule cache key, so one customer's
domain is never reused for another.
"""

from odoo import api, models

CONTEXT_KEY = "ops_ai_customer_id"
SCOPE_GROUP = "ops_ai_assistant.group_ai_customer_scope"


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        values = super()._eval_context()
        customer = 0
        if self.env.context.get(CONTEXT_KEY) and self.env.user.has_group(SCOPE_GROUP):
            customer = int(self.env.context[CONTEXT_KEY])
        values["ai_customer_id"] = customer
        return values

    def _compute_domain_keys(self):
        return [*super()._compute_domain_keys(), CONTEXT_KEY]
