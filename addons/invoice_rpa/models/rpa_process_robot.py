"""Robot downloads of rpa.process: a download queue with a concurrency limit.

"Run download" (or a ``run_downloads`` schedule) stamps ``download_requested_at`` on the
processes; :meth:`_dispatch_downloads` turns the oldest requests into executions while
fewer than ``limit`` executions are in flight (queued or running). Every finished
execution dispatches again, so the queue drains at the limit's pace.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .rpa_execution import IN_FLIGHT

# The download queue: written by the dispatcher (superuser) only, never over RPC, where a
# user could jump the queue or park processes in it.
QUEUE_FIELDS = frozenset({"download_requested_at"})


class RpaProcess(models.Model):
    _inherit = "rpa.process"  # pylint: disable=consider-merging-classes-inherited

    download_requested_at = fields.Datetime(
        readonly=True, copy=False, index="btree_not_null",
        help="Set while the process waits for a free robot slot.",
    )
    has_rpa = fields.Boolean(related="operator_id.has_rpa", string="Has Robot")
    execution_count = fields.Integer(compute="_compute_execution_info")
    robot_running = fields.Boolean(compute="_compute_execution_info")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(QUEUE_FIELDS & vals.keys() for vals in vals_list):
            self._refuse_queue_write()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and QUEUE_FIELDS & vals.keys():
            self._refuse_queue_write()
        return super().write(vals)

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
            raise UserError(self.env._(
                "No robot downloads the invoices of %s: upload the invoice by hand.",
                ", ".join(no_robot.operator_id.mapped("display_name"))))
        wrong = self.filtered(lambda process: process.state not in ("waiting_download", "error", "rejected"))
        if wrong:
            raise UserError(self.env._(
                "Only processes waiting for their download, failed or rejected can be run: %s",
                ", ".join(wrong.mapped("display_name"))))
        self.filtered(lambda process: process.state in ("error", "rejected"))._transition("waiting_download")
        self._request_download()
        executions = self._dispatch_downloads(self.env["rpa.execution"]._robot_config()["concurrency_limit"])
        waiting = len(self.filtered("download_requested_at"))
        message = self.env._("%(started)s robot run(s) started, %(waiting)s waiting for a free slot.",
                             started=len(executions), waiting=waiting)
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
        processes = self.sudo().search([
            ("download_requested_at", "!=", False),
            ("state", "=", "waiting_download"),
            ("operator_id.has_rpa", "=", True),
            ("execution_ids", "not any", [("status", "in", IN_FLIGHT)]),
        ], order="download_requested_at, id", limit=slots)
        if not processes:
            return Execution
        executions = Execution.create([{
            "process_id": process.id,
            "runner": "api" if process.operator_id.rpa_outsourced else "selenium",
            "concurrency_limit": limit,
        } for process in processes])
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
