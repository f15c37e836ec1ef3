import logging

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

MAX_CONFIRMATIONS = 5  # wizards answered one after the other before giving up


class DriverValidationError(UserError):
    """The picking could not be validated from the portal; the reason is in the log."""


# One extension of stock.picking per concern (assignment, portal display, proof, payment),
# each file under ~200 lines: pylint-odoo would have them merged into one.
class StockPicking(models.Model):
    """Validating a stop from the driver portal through Odoo's own ``button_validate``,
    answering the optional confirmations installed modules add on the way."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _driver_confirmation_answers(self):
        """Capability hook: how the portal answers each confirmation wizard that
        ``button_validate`` may return, as ``{wizard model: button method}``. The answer
        is the office's configured choice, never a new decision of the driver:

        - ``stock.backorder.confirmation`` (picking type "Create Backorder: Ask"):
          *Create backorder*: what the driver did not deliver goes back to planning.
          "Never"/"Always" are applied by Odoo itself, without a wizard.
        - ``confirm.stock.sms`` (stock_sms, once per company): *Confirm*: SMS
          confirmations stay as set in the Inventory settings (the wizard only appears
          while they are on).

        A module adding another wizard extends this mapping; a wizard without an answer
        stops the validation (the reason is logged for the office).
        """
        return {"stock.backorder.confirmation": "process", "confirm.stock.sms": "send_sms"}

    def _driver_validate(self):
        """Validate the stop as the office would press "Validate" and answer the
        wizards. Raises :class:`DriverValidationError` (logged with the reason) when
        the picking is still not done."""
        self.ensure_one()
        answers = self._driver_confirmation_answers()
        try:
            result = self.button_validate()
            for _round in range(MAX_CONFIRMATIONS):
                if self.state == "done" or not self._driver_is_wizard(result):
                    break
                method = answers.get(result["res_model"])
                if not method or result["res_model"] not in self.env:
                    break
                result = getattr(self._driver_wizard(result), method)()
        except UserError as exc:
            self._driver_validation_failed(str(exc.args[0] if exc.args else exc))
            raise DriverValidationError(self._driver_validation_message()) from exc
        if self.state != "done":
            reason = (f"unanswered confirmation {result.get('res_model')!r} ({result.get('name')})"
                      if self._driver_is_wizard(result) else f"picking left in state {self.state!r}")
            self._driver_validation_failed(reason)
            raise DriverValidationError(self._driver_validation_message())

    @api.model
    def _driver_is_wizard(self, result):
        return isinstance(result, dict) and result.get("type") == "ir.actions.act_window" \
            and bool(result.get("res_model"))

    @api.model
    def _driver_wizard(self, action):
        """The wizard record an action opens, as the web client would: the record the
        action names, else a new one from the action's context (its defaults)."""
        model = self.env[action["res_model"]].with_context(**(action.get("context") or {}))
        return model.browse(action["res_id"]) if action.get("res_id") else model.create({})

    def _driver_validation_failed(self, reason):
        _logger.warning("Driver %s could not validate stop %s (id %s): %s",
                        self.env.user.login, self.name, self.id, reason)

    def _driver_validation_message(self):
        return self.env._("The delivery could not be validated: ask the office.")
