from odoo import api, fields, models
from odoo.exceptions import ValidationError

VALUE_SOURCES = [
    ("literal", "Fixed text"),
    ("account_number", "Account number"),
    ("login_ref", "Portal login reference"),
    ("login", "Portal login"),
    ("password", "Portal password"),
]


class RpaRobotStep(models.Model):
    """One step of an operator's built-in robot recipe (run in headless Chromium).

    Values typed by ``fill`` steps come from the client's account at the operator
    (login, encrypted password, account number) or from a fixed text; the execution
    log only ever shows the step's description, never the value.
    """

    _name = "rpa.robot.step"
    _description = "Built-in Robot Step"
    _order = "operator_id, sequence, id"

    operator_id = fields.Many2one("rpa.operator", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    action = fields.Selection(
        [("open_url", "Open URL"), ("fill", "Fill field"), ("click", "Click"),
         ("wait", "Wait for element"), ("download", "Download PDF")],
        required=True, default="open_url",
    )
    selector = fields.Char(help="CSS selector of the element, e.g. #username or button[type=submit].")
    value_source = fields.Selection(VALUE_SOURCES, default="literal", string="Value From")
    value = fields.Char(help="Open URL: the address. Fill field with a fixed text: the text.")
    timeout = fields.Integer(default=20, help="Seconds to wait for the element (or the download).")

    _timeout_range = models.Constraint(
        "CHECK (timeout BETWEEN 1 AND 300)", "A step waits between 1 and 300 seconds.")

    @api.constrains("action", "selector", "value", "value_source")
    def _check_step(self):
        for step in self:
            if step.action == "open_url" and not (step.value or "").lower().startswith(("http://", "https://")):
                raise ValidationError(self.env._("An “Open URL” step needs an http(s) address."))
            if step.action != "open_url" and not (step.selector or "").strip():
                raise ValidationError(self.env._("This step needs a CSS selector."))

    def _log_description(self):
        """What the execution log shows for this step (never a typed value)."""
        self.ensure_one()
        sources = dict(self._fields["value_source"]._description_selection(self.env))
        if self.action == "open_url":
            return self.env._("open %s", self.value.split("?", 1)[0])
        if self.action == "fill":
            return self.env._("fill “%(selector)s” with the %(origin)s", selector=self.selector,
                              origin=sources[self.value_source or "literal"].lower())
        labels = dict(self._fields["action"]._description_selection(self.env))
        return f"{labels[self.action].lower()} “{self.selector}”"

