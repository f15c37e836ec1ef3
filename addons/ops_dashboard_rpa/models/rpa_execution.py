from odoo import models


class RpaExecution(models.Model):
    _inherit = "rpa.execution"

    def _finish(self, status, error=None):
        """A robot finished: the RPA section of open dashboards reloads."""
        result = super()._finish(status, error=error)
        self.env["ops.dashboard"]._notify_section_changed("rpa")
        return result
