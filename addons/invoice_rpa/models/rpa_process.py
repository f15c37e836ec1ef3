"""Invoice processes (``rpa.process``): one per client account and month, moved through
their states by buttons only; their invoice file (download, upload, approval, SAT upload);
and their robot downloads.

Robot downloads: a download queue with a concurrency limit.

"Run download" (or a ``run_downloads`` schedule) stamps ``download_requested_at`` on the
processes; :meth:`_dispatch_downloads` turns the oldest requests into executions while
fewer than ``limit`` executions are in flight (queued or running). Every finished
execution dispatches again, so the queue drains at the limit's pace.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.ops_base.tools.http import HttpCallError

from ..tools import sat_client
from ..tools.redact import scrub_urls
from .rpa_execution import IN_FLIGHT
from .rpa_invoice_storage import MANUAL_RESTART_STATES

STATES = [
    ("waiting_download", "Waiting Download"),
    ("waiting_approval", "Waiting Approval"),
    ("waiting_sat_upload", "Waiting SAT Upload"),
    ("uploaded", "Uploaded"),
    ("rejected", "Rejected"),
    ("error", "Error"),
]

ALLOWED = {
    "waiting_download": ("waiting_approval", "error"),
    "waiting_approval": ("waiting_sat_upload", "rejected"),
    "waiting_sat_upload": ("uploaded",),
    "uploaded": (),
    "rejected": ("waiting_download",),
    "error": ("waiting_download",),
}

TRANSITION = object()

FROZEN_FIELDS = frozenset({"partner_id", "operator_id", "period", "company_id", "name"})

TRANSITION_FIELDS = frozenset({"state", "reject_reason"})

FILE_FIELDS = frozenset(
    {
        "storage_key",
        "attachment_id",
        "original_filename",
        "manual_upload_date",
        "sat_upload_date",
        "sat_response",
        "sat_error",
    }
)

UPLOAD_STATES = ("waiting_download", *MANUAL_RESTART_STATES)

SAT_TIMEOUT_DEFAULT = 30

SAT_TIMEOUT_MAX = 300

QUEUE_FIELDS = frozenset({"download_requested_at"})


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
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("is_rpa_client", "=", True)],
    )
    operator_id = fields.Many2one("rpa.operator", required=True, index=True, ondelete="restrict")
    period = fields.Date(
        required=True,
        index=True,
        default=lambda self: self._default_period(),
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
        # every guarded field family is checked here, for create as for write
        if not self.env.su and any(QUEUE_FIELDS & vals.keys() for vals in vals_list):
            self._refuse_queue_write()
        if any(FILE_FIELDS & vals.keys() for vals in vals_list):
            self._check_file_fields_writable()
        # superuser code (data files, demo) may create a process in any state; RPC cannot
        if not self.env.su and not self._is_transition() and any(TRANSITION_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(self.env._("The state of an invoice process only changes through its buttons."))
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and QUEUE_FIELDS & vals.keys():
            self._refuse_queue_write()
        if FILE_FIELDS & vals.keys():
            self._check_file_fields_writable()
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
            process.state != "waiting_download" for process in self
        ):
            raise UserError(
                self.env._(
                    "The client, operator, month and company of an invoice process cannot change "
                    "once it is created; only an RPA manager can correct them while the process "
                    "still waits for its download."
                )
            )

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
                raise UserError(
                    self.env._(
                        "Process %(name)s cannot go from “%(from)s” to “%(to)s”.",
                        name=process.name,
                        **{"from": labels[process.state], "to": labels.get(to_state, to_state)},
                    )
                )
        if to_state == "rejected" and not (vals.get("reject_reason") or "").strip():
            raise UserError(self.env._("A reason is required to reject an invoice."))
        previous = {process.id: process.state for process in self}
        self.with_context(rpa_transition=TRANSITION).write(dict(vals, state=to_state))
        now = fields.Datetime.to_string(fields.Datetime.now())
        for process in self:
            body = self.env._(
                "%(user)s moved the process from “%(from)s” to “%(to)s” on %(when)s UTC.",
                user=self.env.user.name,
                when=now,
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
            [
                ("partner_id.is_rpa_client", "=", True),
                ("partner_id.active", "=", True),
                ("operator_id.active", "=", True),
            ],
            ["partner_id", "operator_id", "company_id"],
            order="id",
        )
        # the process belongs to the company of the account (the first one by id when a
        # client holds accounts of one operator in several companies)
        companies = {}
        for account in accounts:
            companies.setdefault((account.partner_id.id, account.operator_id.id), account.company_id.id)
        wanted = set(companies)
        if not wanted:
            return self.browse()
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("period", "=", period)],
                ["partner_id", "operator_id"],
                order="id",
            )
        )
        wanted -= {(process.partner_id.id, process.operator_id.id) for process in existing}
        # the name is given, not computed: computing it record by record before the
        # INSERT (or by an UPDATE after it) was most of the ORM work at 15,000 processes
        partner_names = {p.id: p.name for p in self.env["res.partner"].browse({key[0] for key in wanted})}
        operator_codes = {o.id: o.code for o in self.env["rpa.operator"].browse({key[1] for key in wanted})}
        vals_list = [
            {
                "partner_id": partner_id,
                "operator_id": operator_id,
                "period": period,
                "company_id": companies[partner_id, operator_id],
                "name": self._process_name(operator_codes[operator_id], partner_names[partner_id], period),
            }
            for partner_id, operator_id in sorted(wanted)
        ]
        # No chatter work at creation (no "created" note, followers or initial tracking):
        # at 15,000 processes a month the notes alone cost two thirds of the run (one
        # sanitized mail.message each); the schedule's run records the batch. Later
        # transitions are logged as usual.
        return self.with_context(tracking_disable=True).create(vals_list)

    # Invoice file of a process: manual upload, download, sending to the client's tax-automation
    # system (SAT), and the guard on file and SAT fields.
    has_invoice_file = fields.Boolean(compute="_compute_has_invoice_file")

    sat_response = fields.Text(
        string="SAT Response", readonly=True, copy=False, help="What the SAT answered when it accepted the invoice."
    )

    sat_error = fields.Text(
        string="SAT Error",
        readonly=True,
        copy=False,
        help="Why the last upload to the SAT failed; cleared once it succeeds.",
    )

    @api.depends("storage_key", "attachment_id")
    def _compute_has_invoice_file(self):
        for process in self:
            process.has_invoice_file = bool(process.storage_key or process.attachment_id)

    def _check_file_fields_writable(self):
        if not self.env.su and self.env.context.get("rpa_transition") is not TRANSITION:
            raise UserError(
                self.env._(
                    "The invoice file and SAT fields of a process only change through its buttons "
                    "(Upload Invoice, Send to SAT) or a robot download."
                )
            )

    def action_upload_invoice(self):
        """Open the wizard that uploads an invoice PDF for this process."""
        self.ensure_one()
        if self.state not in UPLOAD_STATES:
            raise UserError(
                self.env._(
                    "An invoice can only be uploaded while the process waits for its download, failed or was rejected."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload Invoice"),
            "res_model": "rpa.process.upload",
            "view_mode": "form",
            "target": "new",
            "context": {"default_process_id": self.id},
        }

    def action_download_invoice(self):
        """Download the stored invoice PDF (S3 or attachment) through the controller."""
        self.ensure_one()
        if not self.has_invoice_file:
            raise UserError(self.env._("The process %s has no invoice file yet.", self.display_name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/invoice_rpa/process/{self.id}/invoice",
            "target": "self",
        }

    def _sat_config(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        url = (get("invoice_rpa.sat_url") or "").strip()
        if not url:
            raise UserError(
                self.env._("The SAT endpoint is not configured: an administrator sets it in Settings → Invoice RPA.")
            )
        try:
            timeout = int(get("invoice_rpa.sat_timeout") or SAT_TIMEOUT_DEFAULT)
        except ValueError:
            timeout = SAT_TIMEOUT_DEFAULT
        return {
            "url": url,
            "token": self.env["rpa.settings.secret"]._get_secret("sat_token"),
            "timeout": min(max(timeout, 1), SAT_TIMEOUT_MAX),
        }

    def _sat_metadata(self):
        self.ensure_one()
        return {
            "client_vat": self.partner_id.vat or "",
            "client_name": self.partner_id.name,
            "operator": self.operator_id.code,
            "period": self.period.strftime("%Y-%m"),
            "process_id": self.id,
        }

    def action_send_sat(self):
        """Upload each approved invoice to the SAT (multipart: file + client VAT, operator,
        period). Success: "Uploaded", with the SAT's answer recorded. Failure: the process
        stays "Waiting SAT Upload" with the error on the form and in the chatter.
        Returns a notification summing up the outcome."""
        if any(process.state != "waiting_sat_upload" for process in self):
            raise UserError(self.env._("Only approved invoices (waiting for the SAT upload) can be sent to the SAT."))
        self.check_access("write")
        config = self._sat_config()
        self._lock_for_sat()
        failed = self.browse([process.id for process in self if not process._send_sat(config)])
        if not failed:
            return self._sat_notify(
                "success", self.env._("Sent to the SAT"), self.env._("%s invoice(s) uploaded to the SAT.", len(self))
            )
        summary = self.env._(
            "%(sent)s of %(total)s invoice(s) uploaded to the SAT.", sent=len(self) - len(failed), total=len(self)
        )
        return self._sat_notify(
            "danger",
            self.env._("SAT upload failed"),
            "\n".join([summary] + [f"{process.display_name}: {process.sat_error}" for process in failed]),
        )

    def _lock_for_sat(self):
        """Lock the processes for this transaction, so that a second click (or a second
        user) cannot send the same invoice twice while the first upload runs."""
        # SKIP LOCKED rather than NOWAIT: a busy row is simply missing from the answer,
        # without a failed statement (logged as an error by Odoo) in the transaction
        self.env.cr.execute("SELECT id FROM rpa_process WHERE id IN %s FOR UPDATE SKIP LOCKED", [tuple(self.ids)])
        if len(self.env.cr.fetchall()) != len(self):
            raise UserError(
                self.env._("These invoices are being sent to the SAT right now; reload the page in a moment.")
            )

    def _send_sat(self, config):
        """Send one invoice; True when the SAT accepted it."""
        self.ensure_one()
        try:
            content = self.env["rpa.invoice.storage"]._read_process_file(self)
            reply = sat_client.upload_invoice(
                config["url"],
                config["token"],
                self.original_filename or "invoice.pdf",
                content,
                self._sat_metadata(),
                timeout=config["timeout"],
            )
        except (UserError, HttpCallError) as exc:
            message = scrub_urls(exc.message if isinstance(exc, HttpCallError) else str(exc.args[0]))
            # only the error is recorded: state, file and dates stay as they were
            self.sudo().write({"sat_error": message})
            self.message_post(body=self.env._("Upload to the SAT failed: %s", message), subtype_xmlid="mail.mt_note")
            return False
        response = f"HTTP {reply['status']}: {sat_client.body_text(reply['body'])}"
        self._transition("uploaded", sat_upload_date=fields.Datetime.now(), sat_response=response, sat_error=False)
        self.message_post(body=self.env._("The SAT accepted the invoice: %s", response), subtype_xmlid="mail.mt_note")
        return True

    def _sat_notify(self, kind, title, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "title": title,
                "message": message,
                "sticky": kind == "danger",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    download_requested_at = fields.Datetime(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set while the process waits for a free robot slot.",
    )

    has_rpa = fields.Boolean(related="operator_id.has_rpa", string="Has Robot")

    execution_count = fields.Integer(compute="_compute_execution_info")

    robot_running = fields.Boolean(compute="_compute_execution_info")

    def _refuse_queue_write(self):
        raise UserError(self.env._("The download queue of a process only changes through “Run Download”."))

    @api.depends("execution_ids.status")
    def _compute_execution_info(self):
        for process in self:
            process.execution_count = len(process.execution_ids)
            process.robot_running = any(status in IN_FLIGHT for status in process.execution_ids.mapped("status"))

    def action_run_download(self):
        """Ask the robots to download these processes' invoices ("Run download" / "Run again").

        Failed or rejected processes go back to ``waiting_download`` first. Processes
        whose operator has no robot, or that already have a file, are refused (nothing
        changed). Starts as many runs as the concurrency limit of Settings allows; the
        others start when a slot frees up.
        """
        no_robot = self.filtered(lambda process: not process.operator_id.has_rpa)
        if no_robot:
            raise UserError(
                self.env._(
                    "No robot downloads the invoices of %s: upload the invoice by hand.",
                    ", ".join(no_robot.operator_id.mapped("display_name")),
                )
            )
        wrong = self.filtered(lambda process: process.state not in ("waiting_download", "error", "rejected"))
        if wrong:
            raise UserError(
                self.env._(
                    "Only processes waiting for their download, failed or rejected can be run: %s",
                    ", ".join(wrong.mapped("display_name")),
                )
            )
        self.filtered(lambda process: process.state in ("error", "rejected"))._transition("waiting_download")
        self._request_download()
        executions = self._dispatch_downloads(self.env["rpa.execution"]._robot_config()["concurrency_limit"])
        waiting = len(self.filtered("download_requested_at"))
        message = self.env._(
            "%(started)s robot run(s) started, %(waiting)s waiting for a free slot.",
            started=len(executions),
            waiting=waiting,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "info", "message": message, "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }

    def _request_download(self):
        """Put the processes without a run in flight in the download queue."""
        idle = self.filtered(lambda process: not process.robot_running and not process.download_requested_at)
        idle.sudo().write({"download_requested_at": fields.Datetime.now()})
        return idle

    @api.model
    def _dispatch_downloads(self, limit):
        """Start runs for the oldest requested downloads, without ever having more than
        ``limit`` executions queued or running. Returns the executions created."""
        Execution = self.env["rpa.execution"].sudo()
        self._lock_dispatch()
        slots = limit - Execution.search_count([("status", "in", IN_FLIGHT)])
        if slots <= 0:
            return Execution
        processes = self.sudo().search(
            [
                ("download_requested_at", "!=", False),
                ("state", "=", "waiting_download"),
                ("operator_id.has_rpa", "=", True),
                ("execution_ids", "not any", [("status", "in", IN_FLIGHT)]),
            ],
            order="download_requested_at, id",
            limit=slots,
        )
        if not processes:
            return Execution
        executions = Execution.create(
            [
                {
                    "process_id": process.id,
                    "runner": "api" if process.operator_id.rpa_outsourced else "selenium",
                    "concurrency_limit": limit,
                }
                for process in processes
            ]
        )
        processes.write({"download_requested_at": False})
        for execution in executions:
            execution._append_log([self.env._("Queued (at most %s robot runs at a time).", limit)])
        executions._enqueue_start()
        return executions

    @api.model
    def _lock_dispatch(self):
        """Serialise dispatches: two workers finishing runs at the same moment must not
        both see a free slot. Updating our channel's row makes the second transaction
        wait, then fail with a serialisation error that queue_job, the cron and the web
        request all retry (seeing the first one's executions then)."""
        channel = self.env.ref("invoice_rpa.queue_job_channel_invoice_rpa", raise_if_not_found=False)
        if channel:
            self.env.cr.execute(
                "UPDATE queue_job_channel SET write_date = (now() at time zone 'UTC') WHERE id = %s",
                [channel.id],
            )

    def action_view_executions(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Robot Runs"),
            "res_model": "rpa.execution",
            "view_mode": "list,form",
            "domain": [("process_id", "=", self.id)],
            "context": {"default_process_id": self.id},
        }
