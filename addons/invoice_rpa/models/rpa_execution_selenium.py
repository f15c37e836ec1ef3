"""Built-in robot runs of rpa.execution: the operator's recipe in headless Chromium,
with the suite's browser robot (``ops_base/tools/browser_robot.py``).

Runs inside the start job (queue_job, channel root.invoice_rpa). The log records each
step's description, never a login, password or typed text. The run ends at the recipe's
first download.
"""

import logging

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.ops_base.tools import browser_robot

_logger = logging.getLogger(__name__)


class RpaExecution(models.Model):
    _inherit = "rpa.execution"  # pylint: disable=consider-merging-classes-inherited

    def _run_selenium(self):
        """Run the operator's recipe for this queued run and store the PDF it downloads."""
        self.ensure_one()
        operator = self.operator_id
        if not operator.robot_step_ids:
            return self._finish("failed", self.env._(
                "The operator %s has no robot recipe (Configuration → Operators).", operator.display_name))
        try:
            steps, values = self._selenium_steps()
        except UserError as exc:
            return self._finish("failed", str(exc))
        self.sudo().write({"status": "running", "start_date": fields.Datetime.now()})
        self._append_log([self.env._("Built-in robot started (%s steps).", len(steps))])
        lines = []
        try:
            result = browser_robot.run_recipe(steps, values=values, log=lines.append)
        except browser_robot.RobotError as exc:
            self._append_log(lines)
            _logger.info("Built-in robot run %s failed: %s", self.id, exc)
            return self._finish("failed", str(exc))
        if not result.downloads:
            self._append_log(lines)
            return self._finish("failed", self.env._("The recipe ended without a download step."))
        filename, content = result.downloads[0]
        self._append_log([*lines, self.env._("File %s downloaded.", filename)])
        return self._store_file(filename, content)

    def _selenium_steps(self):
        """The recipe as browser-robot steps (up to its first download) and the values
        of the client's account they type (``value_from``), the password decrypted.

        Raises UserError when the client has no account at the operator or a needed
        credential is missing.
        """
        process = self.process_id
        account = self.env["rpa.client.account"].sudo().search([
            ("partner_id", "=", process.partner_id.id), ("operator_id", "=", process.operator_id.id),
        ], limit=1)
        if not account:
            raise UserError(self.env._("%s has no active account at this operator.", process.partner_id.name))
        values = {
            "account_number": account.account_number,
            "login_ref": account.portal_login_ref,
            "login": account.portal_login,
        }
        steps = []
        actions = {"open_url": "open", "wait": "wait_for"}
        portal_host = process.operator_id.sudo().portal_host
        for step in process.operator_id.robot_step_ids:
            value, value_from, allowed_host = step.value, None, None
            if step.action == "fill" and step.value_source == "password":
                if not portal_host:
                    raise UserError(self.env._(
                        "The operator %s has no portal host: an administrator sets it on the operator "
                        "before the robot may type portal passwords.", process.operator_id.display_name))
                allowed_host = portal_host
            if step.action == "fill" and step.value_source != "literal":
                value_from = step.value_source
                if value_from == "password" and "password" not in values:
                    values["password"] = account._get_portal_password()
                if not values[value_from]:
                    raise UserError(self.env._(
                        "The account %(account)s has no %(what)s for the robot.", account=account.account_number,
                        what=dict(step._fields["value_source"]._description_selection(self.env))[step.value_source]))
            steps.append({"action": actions.get(step.action, step.action), "selector": step.selector,
                          "value": value, "value_from": value_from, "timeout": step.timeout,
                          "description": step._log_description(), "allowed_host": allowed_host})
            if step.action == "download":
                break
        return steps, values
