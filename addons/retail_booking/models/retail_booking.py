from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

STATES = [
    ("draft", "Draft"),
    ("requested", "Requested"),
    ("booked", "Booked"),
    ("confirmed", "Confirmed"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
    ("failed", "Failed"),
]
# state -> states it may move to (one place for the workflow)
TRANSITIONS = {
    "draft": {"requested", "cancelled"},
    "requested": {"booked", "failed", "cancelled"},
    "booked": {"confirmed", "refused", "cancelled"},
    "confirmed": {"cancelled"},
    "refused": {"draft", "cancelled"},
    "failed": {"draft", "requested", "cancelled"},
    "cancelled": {"draft"},
}
# written by the workflow (and the robot) only, never directly over RPC
# an unreachable portal: tried this many times (delays: the job function's retry pattern)
MAX_ATTEMPTS = 3
WORKFLOW_FIELDS = frozenset({"state", "protocol", "last_error"})


class RetailBooking(models.Model):
    """An unloading slot to book on a retailer's portal for one picking, or a load of
    several pickings to the same distribution centre.

    "Request" queues the booking robot (queue_job; its attempts and errors are the
    jobs'), which logs in on the account's portal when needed, fills the recipe's
    booking form and captures the protocol number.
    """

    _name = "retail.booking"
    _description = "Retail Delivery Booking"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "window_start desc, id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    state = fields.Selection(STATES, required=True, default="draft", readonly=True, tracking=True, copy=False)
    retailer_id = fields.Many2one("res.partner", required=True, index=True, tracking=True,
                                  domain=[("is_company", "=", True)])
    account_id = fields.Many2one("retail.portal.account", string="Portal Account", required=True, tracking=True,
                                 domain="[('retailer_id', '=', retailer_id)]")
    dc_id = fields.Many2one("retail.distribution.center", string="Distribution Centre", required=True,
                            tracking=True, domain="[('retailer_id', '=', retailer_id)]")
    picking_ids = fields.One2many("stock.picking", "retail_booking_id", string="Deliveries")
    window_start = fields.Datetime(required=True, tracking=True)
    window_end = fields.Datetime(required=True, tracking=True)
    vehicle_type_id = fields.Many2one("retail.vehicle.type", required=True, tracking=True)
    pallets = fields.Integer(required=True, default=1, tracking=True)
    po_numbers = fields.Char(string="Purchase Orders", tracking=True,
                             help="The retailer's purchase-order numbers, separated by commas.")
    protocol = fields.Char(readonly=True, copy=False, tracking=True, index="btree_not_null")
    last_error = fields.Text(readonly=True, copy=False)
    run_ids = fields.One2many("retail.booking.run", "booking_id", string="Robot Runs")
    job_ids = fields.Many2many("queue.job", compute="_compute_jobs", string="Robot Jobs")
    attempt_count = fields.Integer(compute="_compute_jobs", string="Attempts",
                                   help="Robot attempts, as counted by the job queue.")
    missing_product_ids = fields.Many2many("product.product", compute="_compute_missing_products",
                                           string="Products Without Retailer Code")

    _pallets_positive = models.Constraint("CHECK (pallets > 0)", "A booking carries at least one pallet.")
    _window_order = models.Constraint("CHECK (window_end > window_start)", "The window ends after it starts.")

    @api.model_create_multi
    def create(self, vals_list):
        if any(WORKFLOW_FIELDS & vals.keys() for vals in vals_list) and not self.env.su:
            raise UserError(self.env._("A booking's state and protocol change through its buttons only."))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("retail.booking") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if WORKFLOW_FIELDS & vals.keys() and not self.env.su:
            raise UserError(self.env._("A booking's state and protocol change through its buttons only."))
        return super().write(vals)

    @api.constrains("pallets", "vehicle_type_id")
    def _check_capacity(self):
        for booking in self:
            if booking.pallets > booking.vehicle_type_id.pallet_capacity:
                raise ValidationError(self.env._(
                    "A %(vehicle)s carries at most %(capacity)s pallets.",
                    vehicle=booking.vehicle_type_id.name, capacity=booking.vehicle_type_id.pallet_capacity))

    @api.constrains("picking_ids", "company_id")
    def _check_pickings(self):
        for booking in self:
            if any(picking.picking_type_code != "outgoing" for picking in booking.picking_ids):
                raise ValidationError(self.env._("Only deliveries (outgoing pickings) are booked."))

    def _compute_jobs(self):
        def func(booking_id):
            return f"{self._name}({booking_id},)._job_book()"
        jobs = self.env["queue.job"].sudo().search([("func_string", "in", [func(b_id) for b_id in self.ids])])
        by_func = {}
        for job in jobs:
            by_func.setdefault(job.func_string, []).append(job.id)
        for booking in self:
            mine = jobs.browse(by_func.get(func(booking.id), []))
            booking.job_ids = mine
            booking.attempt_count = sum(mine.mapped("retry"))

    @api.depends("picking_ids.move_ids.product_id", "retailer_id")
    def _compute_missing_products(self):
        codes = self.env["retail.product.code"]
        for booking in self:
            booking.missing_product_ids = codes._retailer_quantities(
                booking.retailer_id, booking.picking_ids.move_ids)[1] if booking.retailer_id else False

    # ---------------------------------------------------------------- workflow
    def _transition(self, state, **vals):
        for booking in self:
            if state not in TRANSITIONS[booking.state]:
                labels = dict(STATES)
                raise UserError(self.env._(
                    "%(booking)s is %(state)s: it cannot become %(new)s.", booking=booking.name,
                    state=labels[booking.state], new=labels[state]))
        self.sudo().write({"state": state, **vals})

    def action_request(self):
        """Queue the booking robot. Refused (nothing changed) when products lack the
        retailer's code or a booking has no delivery."""
        self.check_access("write")
        for booking in self:
            if not booking.picking_ids:
                raise UserError(self.env._("%s has no delivery to book.", booking.name))
            if booking.missing_product_ids:
                raise UserError(self.env._(
                    "%(booking)s cannot be booked: these products have no %(retailer)s code: %(products)s",
                    booking=booking.name, retailer=booking.retailer_id.name,
                    products=", ".join(booking.missing_product_ids.mapped("display_name"))))
        self._transition("requested", last_error=False)
        for booking in self:
            booking.with_delay(
                description=self.env._("Book %s on the retailer's portal", booking.name),
                identity_key=f"retail.booking:{booking.id}", max_retries=MAX_ATTEMPTS,
            )._job_book()
        return True

    def action_confirm(self):
        """The retailer confirmed the booked slot."""
        self.check_access("write")
        self._transition("confirmed")
        return True

    def action_refuse(self):
        """The retailer refused the booked slot."""
        self.check_access("write")
        self._transition("refused")
        return True

    def action_cancel(self):
        """Cancel the booking here (cancel it on the portal too when it was booked)."""
        self.check_access("write")
        self._transition("cancelled")
        return True

    def action_reset_draft(self):
        self.check_access("write")
        self._transition("draft", protocol=False)
        return True

    def _job_book(self):
        """queue_job: run the booking robot for this booking (see retail.booking.run)."""
        self.ensure_one()
        if self.state != "requested":
            return self.env._("Nothing to do: %(booking)s is %(state)s.", booking=self.name, state=self.state)
        return self.env["retail.booking.run"].sudo()._book(self.sudo())

    def _job_on_fail(self, exc_info=None, exc_name=None, exc_message=None):
        """queue_job hook: the job failed for good without recording a run."""
        requested = self.sudo().filtered(lambda booking: booking.state == "requested")
        requested._transition("failed", last_error=self.env._("The booking job failed: %s", exc_message or exc_name))

    def _robot_data(self):
        """The booking's values the recipe may type (plain data, not secrets)."""
        self.ensure_one()
        tz_self = self.with_context(tz=self.env.user.tz or "America/Sao_Paulo")
        start = fields.Datetime.context_timestamp(tz_self, self.window_start)
        end = fields.Datetime.context_timestamp(tz_self, self.window_end)
        lines = self.env["retail.product.code"]._retailer_quantities(self.retailer_id, self.picking_ids.move_ids)[0]
        return {
            "booking_ref": self.name, "po_numbers": self.po_numbers or "", "dc_code": self.dc_id.code,
            "date": start.strftime("%d/%m/%Y"), "date_iso": start.strftime("%Y-%m-%d"),
            "time_start": start.strftime("%H:%M"), "time_end": end.strftime("%H:%M"),
            "vehicle_code": self.vehicle_type_id.code, "pallets": str(self.pallets),
            "items": ";".join(f"{code}:{qty:g}" for code, qty in lines),
        }
