import logging

from odoo import api, fields, models

from odoo.addons.ops_base.tools import browser_robot
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)
LOCKED_RETRY_SECONDS = 30


class RetailBookingRun(models.Model):
    """One run of the booking robot: its log (step descriptions, never a typed value),
    the outcome, and the screenshots (the failure's page, and the recipe's screenshot
    steps) as attachments. Attempts that the job queue retries (portal unreachable)
    leave their error on the job; the last attempt leaves a run."""

    _name = "retail.booking.run"
    _description = "Retail Booking Robot Run"
    _order = "id desc"

    booking_id = fields.Many2one("retail.booking", required=True, index=True, ondelete="cascade", readonly=True)
    account_id = fields.Many2one("retail.portal.account", readonly=True, ondelete="set null")
    state = fields.Selection([("done", "Done"), ("failed", "Failed")], required=True, readonly=True)
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    logged_in = fields.Boolean(readonly=True,
                               help="Set when the saved session had expired and the robot logged in again.")
    log = fields.Text(readonly=True)
    error = fields.Text(readonly=True)
    failure_kind = fields.Selection([
        ("unreachable", "Portal unreachable"), ("login", "Login refused"), ("timeout", "Page changed / slow"),
        ("refused", "Safety check"), ("browser", "Browser error"), ("no_protocol", "No protocol"),
    ], readonly=True)
    screenshot_ids = fields.Many2many("ir.attachment", string="Screenshots", readonly=True)
    job_uuid = fields.Char(readonly=True)

    @api.model
    def _book(self, booking):
        """Run the booking robot for ``booking`` (requested) inside its job.

        One session per portal account: the account's transaction lock, else the job is
        postponed without counting an attempt. An unreachable portal is retried by the
        job queue (the job function's retry pattern) until the last attempt, which
        fails the booking; every other failure fails it at once (a wrong password
        retried would lock the account, a changed page needs a recipe fix)."""
        account = booking.account_id
        if not account._try_lock():
            raise RetryableJobError(self.env._("Another robot session of %s is running.", account.name),
                                    seconds=LOCKED_RETRY_SECONDS, ignore_retry=True)
        recipe, lines = account.recipe_id, []
        started = fields.Datetime.now()
        try:
            result = browser_robot.run_recipe(
                recipe._robot_steps("booking", account), values=account._robot_secrets(),
                data=booking._robot_data(), log=lines.append,
                session=recipe._robot_session(account, account._session_cookies()))
        except browser_robot.RobotError as exc:
            if exc.retryable and not self._last_attempt():
                raise RetryableJobError(str(exc)) from None
            if exc.kind == "login":
                account._save_session(None)
            _logger.info("Booking robot for %s failed: %s", booking.name, exc)
            return self._record(booking, started, lines, error=str(exc), kind=exc.kind,
                                shots=[exc.screenshot] if exc.screenshot else [])
        account._save_session(result.cookies)
        protocol = (result.outputs.get("protocol") or "").strip()
        if not protocol:
            return self._record(booking, started, lines, logged_in=result.logged_in, shots=result.screenshots,
                                kind="no_protocol",
                                error=self.env._("The portal did not show a protocol number (recipe output "
                                                 "“protocol”)."))
        return self._record(booking, started, lines, logged_in=result.logged_in, shots=result.screenshots,
                            protocol=protocol)

    def _last_attempt(self):
        """Whether the running job has no retry left (True outside a stored job)."""
        uuid = self.env.context.get("job_uuid")
        job = uuid and self.env["queue.job"].sudo().search([("uuid", "=", uuid)], limit=1)
        return not job or (job.max_retries and job.retry + 1 >= job.max_retries)

    def _record(self, booking, started, lines, *, error=None, kind=None, shots=(), logged_in=False, protocol=None):
        run = self.create({
            "booking_id": booking.id, "account_id": booking.account_id.id, "started_at": started,
            "finished_at": fields.Datetime.now(), "state": "failed" if error else "done",
            "logged_in": logged_in, "log": "\n".join(lines), "error": error, "failure_kind": kind,
            "job_uuid": self.env.context.get("job_uuid"),
        })
        if shots:
            run.screenshot_ids = self.env["ir.attachment"].create([{
                "name": f"{booking.name.replace('/', '-')}-{name}", "raw": png, "mimetype": "image/png",
                "res_model": self._name, "res_id": run.id,
            } for name, png in shots])
        if error:
            booking._transition("failed", last_error=error)
            booking.message_post(body=self.env._("Booking robot failed: %s", error),
                                 attachment_ids=run.screenshot_ids.ids)
        else:
            booking._transition("booked", protocol=protocol, last_error=False)
            booking.message_post(body=self.env._("Booked on the portal: protocol %s", protocol))
        return error or protocol
