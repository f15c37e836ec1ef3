from odoo import models


class RpaProcess(models.Model):
    _inherit = "rpa.process"

    def _transition(self, to_state, **vals):
        """A process changed state (approved, rejected, uploaded...): the RPA section of
        open dashboards reloads."""
        result = super()._transition(to_state, **vals)
        self.env["ops.dashboard"]._notify_section_changed("rpa")
        return result
