from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

STATES = [
    ("waiting_download", "Waiting Download"),
    ("waiting_approval", "Waiting Approval"),
    ("waiting_sat_upload", "Waiting SAT Upload"),
    ("uploaded", "Uploaded"),
    ("rejected", "Rejected"),
    ("error", "Error"),
]

# The only state changes a process may make; everything else is refused by _transition.
# SAT upload errors keep the process in waiting_sat_upload (the error is shown on it).
ALLOWED = {
    "waiting_download": ("waiting_approval", "error"),
    "waiting_approval": ("waiting_sat_upload", "rejected"),
    "waiting_sat_upload": ("uploaded",),
    "uploaded": (),
    "rejected": ("waiting_download",),
    "error": ("waiting_download",),
}
# Marks writes made by _transition. An object, not True: a context sent over RPC can
# only carry JSON values, so no client can forge it.
TRANSITION = object()
# Who the invoice is for: frozen after creation (a process moved to another client or
# company after its approval would be sent to the SAT under the wrong VAT), except for
# RPA managers while the process still waits for its download.
FROZEN_FIELDS = frozenset({"partner_id", "operator_id", "period", "company_id", "name"})
# Written only through _transition (the reject wizard), never directly.
TRANSITION_FIELDS = frozenset({"state", "reject_reason"})


class RpaProcess(models.Model):
    """One client's invoice at one operator for one month, from download to SAT upload.

    The state only changes through ``_transition`` (checked against ``ALLOWED`` and
    logged in the chatter); a plain ``write`` of ``state`` is refused.
    """

    _name = "rpa.process"
    _description = "Invoice RPA Process"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period desc, operator_id, partner_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="restrict", tracking=True,
        domain=[("is_rpa_client", "=", True)],
    )
    operator_id = fields.Many2one("rpa.operator", required=True, index=True, ondelete="restrict")
    period = fields.Date(
        required=True, index=True, default=lambda self: self._default_period(),
        help="First day of the month the invoice belongs to.",
    )
    state = fields.Selection(STATES, default="waiting_download", required=True, index=True, tracking=True)
    reject_reason = fields.Text(tracking=True)
    storage_key = fields.Char(help="S3 object key of the invoice PDF.")
    attachment_id = fields.Many2one("ir.attachment", string="Invoice File", ondelete="set null")
    original_filename = fields.Char()
    manual_upload_date = fields.Datetime()
    sat_upload_date = fields.Datetime(string="SAT Upload Date")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    execution_ids = fields.One2many("rpa.execution", "process_id", string="Executions")

    _process_unique = models.UniqueIndex(
        "(partner_id, operator_id, period)",
        "There is already a process for this client, operator and month.",
    )

    @api.model
    def _default_period(self):
        return fields.Date.context_today(self).replace(day=1)

    @api.model
    def _process_name(self, operator_code, partner_name, period):
        return " / ".join([operator_code or "?", partner_name or "?", period.strftime("%Y-%m") if period else "?"])

    @api.depends("partner_id.name", "operator_id.code", "period")
    def _compute_name(self):
        for process in self:
            process.name = self._process_name(process.operator_id.code, process.partner_id.name, process.period)

    def _is_transition(self):
        return self.env.context.get("rpa_transition") is TRANSITION

    @api.model_create_multi
    def create(self, vals_list):
        # superuser code (data files, demo) may create a process in any state; RPC cannot
        if not self.env.su and not self._is_transition() and any(TRANSITION_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(self.env._("The state of an invoice process only changes through its buttons."))
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if TRANSITION_FIELDS & vals.keys() and not self._is_transition():
            raise UserError(self.env._("The state of an invoice process only changes through its buttons."))
        if FROZEN_FIELDS & vals.keys() and not self.env.su:
            self._check_frozen_fields_writable()
        if vals.get("period"):
            vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return super().write(vals)

    def _check_frozen_fields_writable(self):
        """Client, operator, month and company change only for RPA managers, and only
        while every process of ``self`` still waits for its download."""
        if not self.env.user.has_group("invoice_rpa.group_rpa_manager") or any(
                process.state != "waiting_download" for process in self):
            raise UserError(self.env._(
                "The client, operator, month and company of an invoice process cannot change "
                "once it is created; only an RPA manager can correct them while the process "
                "still waits for its download."
            ))

    # ---------------------------------------------------------------- state machine

    def _transition(self, to_state, **vals):
        """Move every process of ``self`` to ``to_state``, writing ``vals`` too.

        Raises UserError (nothing changed) if any process may not go there from its
        current state, or when rejecting without a reason. Posts who/when/from→to in
        each process's chatter.
        """
        labels = dict(self._fields["state"]._description_selection(self.env))
        for process in self:
            if to_state not in ALLOWED[process.state]:
                raise UserError(self.env._(
                    "Process %(name)s cannot go from “%(from)s” to “%(to)s”.",
                    name=process.name, **{"from": labels[process.state], "to": labels.get(to_state, to_state)},
                ))
        if to_state == "rejected" and not (vals.get("reject_reason") or "").strip():
            raise UserError(self.env._("A reason is required to reject an invoice."))
        previous = {process.id: process.state for process in self}
        self.with_context(rpa_transition=TRANSITION).write(dict(vals, state=to_state))
        now = fields.Datetime.to_string(fields.Datetime.now())
        for process in self:
            body = self.env._(
                "%(user)s moved the process from “%(from)s” to “%(to)s” on %(when)s UTC.",
                user=self.env.user.name, when=now,
                **{"from": labels[previous[process.id]], "to": labels[to_state]},
            )
            if to_state == "rejected":
                body += " " + self.env._("Reason: %s", vals["reject_reason"])
            process.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def _check_manager(self):
        if not self.env.user.has_group("invoice_rpa.group_rpa_manager"):
            raise AccessError(self.env._("Only RPA managers can approve or reject invoices."))

    def action_approve(self):
        """Approve the downloaded invoice: it waits for the SAT upload (managers only)."""
        self._check_manager()
        return self._transition("waiting_sat_upload")

    def action_reject(self):
        """Open the wizard asking for the rejection reason (managers only)."""
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Invoice"),
            "res_model": "rpa.process.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_process_ids": self.ids},
        }

    def action_rerun(self):
        """Send a rejected or failed process back to download."""
        return self._transition("waiting_download")

    # ---------------------------------------------------------------- monthly creation

    @api.model
    def _create_monthly(self, period=None):
        """Create the processes of ``period`` (default: this month) that do not exist yet.

        One process per active RPA client x active operator at which the client has an
        active account, created in one batch; existing ones are looked up in one search,
        so running it again creates nothing. Returns the created processes.
        """
        period = fields.Date.to_date(period or fields.Date.context_today(self)).replace(day=1)
        # order="id": the models' default orders would join partners and operators only
        # to sort rows that feed a set
        accounts = self.env["rpa.client.account"].search_fetch(
            [("partner_id.is_rpa_client", "=", True), ("partner_id.active", "=", True),
             ("operator_id.active", "=", True)],
            ["partner_id", "operator_id", "company_id"], order="id",
        )
        # the process belongs to the company of the account (the first one by id when a
        # client holds accounts of one operator in several companies)
        companies = {}
        for account in accounts:
            companies.setdefault((account.partner_id.id, account.operator_id.id), account.company_id.id)
        wanted = set(companies)
        if not wanted:
            return self.browse()
        existing = self.sudo().with_context(active_test=False).search_fetch(
            [("period", "=", period)], ["partner_id", "operator_id"], order="id",
        )
        wanted -= {(process.partner_id.id, process.operator_id.id) for process in existing}
        # the name is given, not computed: computing it record by record before the
        # INSERT (or by an UPDATE after it) was most of the ORM work at 15,000 processes
        partner_names = {p.id: p.name for p in self.env["res.partner"].browse({key[0] for key in wanted})}
        operator_codes = {o.id: o.code for o in self.env["rpa.operator"].browse({key[1] for key in wanted})}
        vals_list = [
            {"partner_id": partner_id, "operator_id": operator_id, "period": period,
             "company_id": companies[partner_id, operator_id],
             "name": self._process_name(operator_codes[operator_id], partner_names[partner_id], period)}
            for partner_id, operator_id in sorted(wanted)
        ]
        # No chatter work at creation (no "created" note, followers or initial tracking):
        # at 15,000 processes a month the notes alone cost two thirds of the run (one
        # sanitized mail.message each); the schedule's run records the batch. Later
        # transitions are logged as usual.
        return self.with_context(tracking_disable=True).create(vals_list)
