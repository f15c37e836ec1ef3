from odoo import fields, models


class RpaExecution(models.Model):
    """One robot run for a process: job id, timing, status and its log lines.

    Old finished executions are deleted by the ``purge_logs`` schedule.
    """

    _name = "rpa.execution"
    _description = "RPA Robot Execution"
    _order = "start_date desc, id desc"

    FINISHED = ("done", "failed", "timeout")

    process_id = fields.Many2one("rpa.process", required=True, index=True, ondelete="cascade")
    job_id = fields.Char(string="External Job ID", index="btree_not_null")
    start_date = fields.Datetime(default=fields.Datetime.now)
    end_date = fields.Datetime()
    status = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"),
         ("failed", "Failed"), ("timeout", "Timeout")],
        default="queued", required=True,
    )
    log = fields.Text()
    retry_count = fields.Integer()
    error = fields.Text()
    company_id = fields.Many2one(related="process_id.company_id", store=True)
