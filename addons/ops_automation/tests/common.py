"""Shared set-up of the ops_automation tests: rules and actions on leads, conversation
messages, the real scheduler (``ir.cron.method_direct_trigger``), a fake provider.

The registry is in test mode: the scheduler runs on its own (test) cursor, and the failure
rows written on a separate cursor land in the test transaction.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase

from odoo.addons.crm_messaging.tests.common_outbound import OutboundMixin
from odoo.addons.queue_job.job import Job


class AutomationMixin:
    """Factories for rules and actions; only the rules a test creates are active."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["base.automation"].search([]).active = False  # demo rules
        cls.cron = cls.env.ref("base_automation.ir_cron_data_base_automation_check")
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")
        cls.message_model = cls.env["ir.model"]._get("messaging.message")
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1) or cls.env["crm.stage"].create(
            {"name": "Won", "is_won": True}
        )

    @classmethod
    def make_rule(cls, name, trigger, model=None, actions=(), **values):
        return cls.env["base.automation"].create(
            {
                "name": name,
                "model_id": (model or cls.lead_model).id,
                "trigger": trigger,
                "action_server_ids": [fields.Command.create(vals) for vals in actions],
                **values,
            }
        )

    @classmethod
    def write_action(cls, field_name, value, model=None, **values):
        model = model or cls.lead_model
        field = cls.env["ir.model.fields"]._get(model.model, field_name)
        return {
            "name": f"Set {field_name}",
            "model_id": model.id,
            "state": "object_write",
            "update_field_id": field.id,
            "update_path": field_name,
            "value": value,
            **values,
        }

    @classmethod
    def code_action(cls, code, model=None):
        model = model or cls.lead_model
        return {"name": "Code", "model_id": model.id, "state": "code", "code": code}

    @classmethod
    def message_action(cls, channel, body="Olá {{ partner.name }}, tudo bem com {{ object.name }}?", **values):
        return {
            "name": "Send message",
            "model_id": cls.lead_model.id,
            "state": "ops_message",
            "messaging_channel_id": channel.id,
            "messaging_body": body,
            "messaging_quiet_hours": False,
            **values,
        }

    @classmethod
    def follow_up_rule(cls, channel, days=3, action_values=None, **values):
        """The seed's example: ``days`` after the customer's last message, an open lead."""
        return cls.make_rule(
            "Follow-up",
            "on_time",
            trg_date_id=cls.env["ir.model.fields"]._get("crm.lead", "last_inbound_at").id,
            trg_date_range=days,
            trg_date_range_type="day",
            trg_date_range_mode="after",
            filter_domain="[('stage_id.is_won', '=', False)]",
            actions=[cls.message_action(channel, **(action_values or {}))],
            **values,
        )

    def inbound(self, lead, when, body="Oi", channel=None):
        """A message of the lead's customer, written at ``when``, in the conversation log."""
        channel = channel or self.uazapi
        return self.env["messaging.message"]._log(
            {
                "channel_id": channel.id,
                "company_id": self.env.company.id,
                "direction": "inbound",
                "date": when,
                "lead_id": lead.id,
                "partner_id": lead.partner_id.id,
                "address": "+5511987654321",
                "body": body,
                "status": "received",
            }
        )

    def run_cron(self):
        """The scheduler's real run (own cursor, commits, ``last_run``)."""
        self.env.flush_all()
        self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def perform_send_jobs(self, outbound):
        """Run the send jobs of ``outbound`` (only those: demo data may have others)."""
        jobs = self.env["queue.job"].search([("model_name", "=", "messaging.outbound"), ("state", "=", "pending")])
        for job in jobs.filtered(lambda job: job.records & outbound):
            Job.load(self.env, job.uuid).perform()

    def executions(self, rule, **domain):
        self.env.cr.flush()  # the audit rows of the transaction (precommit hook)
        extra = [(key, "=", value) for key, value in domain.items()]
        return self.env["base.automation.execution"].search([("automation_id", "=", rule.id), *extra])

    def summary(self, rule):
        """``{(res_id, result)}`` of the rule's audit rows."""
        return {(row.res_id, row.result) for row in self.executions(rule)}

    @staticmethod
    def ago(days=0, hours=0, minutes=0):
        return fields.Datetime.now() - timedelta(days=days, hours=hours, minutes=minutes)


class AutomationCase(AutomationMixin, OutboundMixin, TransactionCase):
    """A fake provider (``self.server``), channels of every type, ``self.partner`` and
    ``self.lead`` (see crm_messaging's ``OutboundMixin``)."""
