from odoo import api, models
from odoo.exceptions import AccessError


class OpsDashboard(models.AbstractModel):
    """Figures for the Operations dashboard.

    Each addon of the suite contributes a *section* by overriding :meth:`_ops_sections`
    (call ``super()`` and append), so the dashboard shows exactly what is installed.
    """

    _name = "ops.dashboard"
    _description = "Operations Dashboard"

    @api.model
    def get_sections(self):
        """The dashboard's one public entry point: the sections the current user may see.

        :return: list of dicts ``{"key", "title", "sequence", "kpis": [{"label", "value",
            "unit"?, "action"?}]}``, ordered by sequence.
        """
        if not self.env.user.has_group("ops_dashboard.group_dashboard_viewer"):
            raise AccessError(self.env._("You need the Dashboard viewer access right to see the Operations dashboard."))
        return sorted(self._ops_sections(), key=lambda section: section.get("sequence", 100))

    @api.model
    def _ops_sections(self):
        """Hook: return the list of sections (see :meth:`get_sections`). Runs as the
        current user, so record rules apply to every figure."""
        return []
