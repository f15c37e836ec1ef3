"""Server actions: the two capability hooks the automation audit and the dry run ask.

* :meth:`_ops_replayable`: may a scheduled batch run this action optimistically and, when a
  record fails, roll it back and run it again (see ``base_automation_audit.py``)?
* :meth:`_ops_preview`: what the action would do on a record, computed without writing.
  Action types add ``_ops_preview_<state>``; the others are described by type and name.
"""

from odoo import api, models

# Types whose every effect is a database write (a rollback undoes it all). Code may do
# anything; webhooks are sent after commit even when a savepoint was rolled back; emails
# and SMS may be sent at once.
REPLAYABLE_STATES = {"object_write", "object_create", "object_copy", "followers", "remove_followers", "next_activity"}


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    @api.model
    def _ops_replayable_states(self):
        return set(REPLAYABLE_STATES)

    def _ops_replayable(self):
        self.ensure_one()
        if self.state == "multi":
            return all(child._ops_replayable() for child in self.child_ids)
        return self.state in self._ops_replayable_states()

    def _ops_preview(self, record, run):
        """A line of text: what this action would do on ``record`` in the run ``run``
        (a dict shared by the records of one dry run). Must not write anything."""
        self.ensure_one()
        method = getattr(self, f"_ops_preview_{self.state}", None)
        if method:
            return method(record, run)
        label = dict(self._fields["state"]._description_selection(self.env)).get(self.state, self.state)
        return self.env._("%(type)s: %(name)s", type=label, name=self.name)

    def _ops_preview_multi(self, record, run):
        return "\n".join(child._ops_preview(record, run) for child in self.child_ids.sorted())

    def _ops_preview_object_write(self, record, run):
        field = self.update_field_id
        target = self.update_path or field.name
        if self.evaluation_type == "sequence":
            value = self.env._("the next number of %s", self.sequence_id.display_name)
        else:
            action = self.with_context(active_model=record._name, active_id=record.id, active_ids=record.ids)
            value = action._eval_value(eval_context=action._get_eval_context(action))[self.id]
            if field.ttype == "many2one" and value:
                value = self.env[field.relation].browse(value).display_name
        return self.env._("Update %(field)s = %(value)s", field=target, value=value)
