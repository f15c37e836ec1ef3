from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Where a step's text comes from. The secrets (login, password, totp) are decrypted only
# inside the booking job and typed only into pages of the account's portal host.
SECRET_SOURCES = ("login", "password", "totp")
VALUE_SOURCES = [
    ("literal", "Fixed text"),
    ("login", "Account login"),
    ("password", "Account password"),
    ("totp", "2FA code (TOTP)"),
    ("booking_ref", "Booking reference"),
    ("po_numbers", "Purchase orders"),
    ("dc_code", "DC code"),
    ("date", "Date (DD/MM/YYYY)"),
    ("date_iso", "Date (YYYY-MM-DD)"),
    ("time_start", "Window start (HH:MM)"),
    ("time_end", "Window end (HH:MM)"),
    ("vehicle_code", "Vehicle type code"),
    ("pallets", "Pallets"),
    ("items", "Items (code:quantity;…)"),
]
ACTIONS = [
    ("open", "Open page"), ("fill", "Fill field"), ("select", "Select option"), ("click", "Click"),
    ("wait_for", "Wait for element"), ("capture", "Capture text"), ("download", "Download file"),
    ("screenshot", "Screenshot"),
]


class RetailPortalRecipeStep(models.Model):
    """One step of a retailer's recipe. ``login`` steps run only when the saved session
    is no longer logged in; ``booking`` steps run every time."""

    _name = "retail.portal.recipe.step"
    _description = "Retail Portal Recipe Step"
    _order = "recipe_id, phase desc, sequence, id"

    recipe_id = fields.Many2one("retail.portal.recipe", required=True, index=True, ondelete="cascade")
    phase = fields.Selection([("login", "Login"), ("booking", "Booking")], required=True, default="booking")
    sequence = fields.Integer(default=10)
    action = fields.Selection(ACTIONS, required=True, default="open")
    selector = fields.Char(help="CSS selector of the element, e.g. #username or button[type=submit].")
    value_source = fields.Selection(VALUE_SOURCES, default="literal", string="Value From")
    value = fields.Char(help="Open page: a path on the portal (/login) or a full address. Fill/select: the "
                             "fixed text. Capture: an optional regular expression whose first group is kept.")
    output = fields.Char(help="Capture: name of the captured value; “protocol” is the booking's protocol number.")
    timeout = fields.Integer(default=20, help="Seconds to wait for the element.")

    _timeout_range = models.Constraint("CHECK (timeout BETWEEN 1 AND 300)", "A step waits between 1 and 300 seconds.")

    @api.constrains("action", "selector", "value", "output")
    def _check_step(self):
        for step in self:
            if step.action == "open" and not (step.value or "").strip():
                raise ValidationError(self.env._("An “Open page” step needs a path or an address."))
            if step.action not in ("open", "screenshot") and not (step.selector or "").strip():
                raise ValidationError(self.env._("This step needs a CSS selector."))
            if step.action == "capture" and not (step.output or "").strip():
                raise ValidationError(self.env._("A “Capture text” step needs the name of its output."))
