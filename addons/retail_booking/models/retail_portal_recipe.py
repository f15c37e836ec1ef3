from urllib.parse import urljoin

from odoo import fields, models

from odoo.addons.ops_base.tools.browser_host import host_of

from .retail_portal_recipe_step import SECRET_SOURCES


class RetailPortalRecipe(models.Model):
    """How to book on one retailer's portal, as data: the session check (a page and
    the element only a logged-in user sees), the login steps, and the booking steps,
    which capture the protocol number into the output ``protocol``. The code knows no
    retailer: adding one is adding a recipe (see the readme)."""

    _name = "retail.portal.recipe"
    _description = "Retail Portal Recipe"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    retailer_id = fields.Many2one("res.partner", required=True, index=True, tracking=True,
                                  domain=[("is_company", "=", True)])
    check_path = fields.Char(string="Session Check Page", required=True, default="/", tracking=True,
                             help="Page opened first (a path on the portal): shows the element below when the "
                                  "saved session is still logged in.")
    logged_in_selector = fields.Char(required=True, tracking=True,
                                     help="CSS selector of an element only a logged-in user sees.")
    login_error_selector = fields.Char(tracking=True,
                                       help="CSS selector of the portal's message when it refuses a login "
                                            "(shown as the booking's failure reason).")
    check_timeout = fields.Integer(default=5, help="Seconds to wait for the logged-in element.")
    step_ids = fields.One2many("retail.portal.recipe.step", "recipe_id", string="Steps", copy=True)
    login_step_ids = fields.One2many("retail.portal.recipe.step", "recipe_id", domain=[("phase", "=", "login")],
                                     string="Login Steps", context={"default_phase": "login"})
    booking_step_ids = fields.One2many("retail.portal.recipe.step", "recipe_id",
                                       domain=[("phase", "=", "booking")], string="Booking Steps",
                                       context={"default_phase": "booking"})
    active = fields.Boolean(default=True)

    def _robot_session(self, account, cookies):
        """The ``session`` argument of the browser robot for ``account``."""
        self.ensure_one()
        return {
            "cookies": cookies,
            "check_url": urljoin(account.portal_url, self.check_path),
            "logged_in_selector": self.logged_in_selector,
            "error_selector": self.login_error_selector,
            "check_timeout": self.check_timeout,
            "login": self._robot_steps("login", account),
        }

    def _robot_steps(self, phase, account):
        """The ``phase`` steps as browser-robot steps: paths resolved on the account's
        portal; secrets typed by reference only (``value_from``), on the portal's host."""
        self.ensure_one()
        host = host_of(account.portal_url)
        steps = []
        for step in self.step_ids.filtered(lambda s: s.phase == phase):
            robot_step = {"action": step.action, "selector": step.selector, "timeout": step.timeout,
                          "output": step.output, "value": step.value}
            if step.action == "open":
                robot_step["value"] = urljoin(account.portal_url, step.value)
            elif step.value_source and step.value_source != "literal":
                robot_step["value_from"] = step.value_source
                if step.value_source in SECRET_SOURCES:
                    robot_step["allowed_host"] = host
            steps.append(robot_step)
        return steps
