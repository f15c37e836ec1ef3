"""The server-action type *Send message* (SMS / WhatsApp / Chatwoot / email).

The action resolves the customer from the record (a lead, a partner, a conversation message,
or any document with a ``partner_id``: sale orders, pickings...), renders the template (or the
text) and hands the message to ``ops.automation.send``, which applies the safety rules
(cooldown per record, quiet hours in the customer's time zone, cap per run) and queues it
through ``messaging.outbound._queue`` (consent, retries, chatter trace).

:meth:`_messaging_plan` decides everything without writing: the run and the dry run both
call it, so the dry run shows exactly what the run would do.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import email_normalize

from .base_automation_audit import RUN_KEY

# How each channel type addresses the customer (one place for the provider types).
ADDRESS_KIND = {"quo": "phone", "uazapi": "phone", "chatwoot": "conversation", "sendgrid": "email"}


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"  # pylint: disable=consider-merging-classes-inherited

    state = fields.Selection(selection_add=[("ops_message", "Send Message")], ondelete={"ops_message": "cascade"})
    messaging_channel_id = fields.Many2one(
        "messaging.channel", string="Channel", ondelete="restrict", help="SMS, WhatsApp, Chatwoot or email."
    )
    messaging_template_id = fields.Many2one(
        "messaging.template", string="Message Template", ondelete="restrict", help="Leave empty to write the text."
    )
    messaging_body = fields.Text(string="Message Text", help="Used without a template; placeholders as in templates.")
    messaging_cooldown_days = fields.Integer(
        string="Cooldown (days)",
        default=7,
        help="Never send this message to the same record twice within this many days (0: no cooldown).",
    )
    messaging_quiet_hours = fields.Boolean(string="Respect Quiet Hours", default=True)
    messaging_quiet_start = fields.Float(string="Quiet From", default=20.0, help="Customer's local time.")
    messaging_quiet_end = fields.Float(string="Quiet Until", default=8.0, help="Customer's local time.")
    messaging_max_per_run = fields.Integer(
        string="Max Messages per Run", default=0, help="The rest is deferred (see the step); 0: no cap."
    )
    messaging_defer_minutes = fields.Integer(
        string="Deferral Step (minutes)",
        default=60,
        help="Messages over the cap wait this long per cap-sized group (the 1st group one step, the 2nd two...).",
    )

    @api.model
    def _ops_replayable_states(self):
        return super()._ops_replayable_states() | {"ops_message"}  # queued: database writes only

    def _get_warning_messages(self):
        warnings = super()._get_warning_messages()
        if self.state == "ops_message" and not self.messaging_channel_id:
            warnings.append(self.env._("Choose the channel of the message."))
        if self.state == "ops_message" and not (self.messaging_template_id or self.messaging_body):
            warnings.append(self.env._("Choose a template or write the message."))
        return warnings

    @api.model
    def _warning_depends(self):
        return [*super()._warning_depends(), "messaging_channel_id", "messaging_template_id", "messaging_body"]

    def _run_action_ops_message(self, eval_context=None):
        record = self.env[self.model_id.model].browse(self.env.context.get("active_id")).exists()
        if not record:
            return False
        run = self.env.context.get(RUN_KEY) or {"sent": {}}
        self.env["ops.automation.send"].sudo()._schedule(self._messaging_plan(record, run))
        return False

    def _ops_preview_ops_message(self, record, run):
        plan = self._messaging_plan(record, run)
        if plan["outcome"] != "skip":
            run["messages"] = run.get("messages", 0) + 1
        text = f"{plan['channel'].name} → {plan['recipient'] or '?'}: {plan['body']}"
        if plan["outcome"] == "skip":
            return self.env._("Not sent: %(reason)s", reason=plan["reason"]) + f"\n{text}"
        if plan["outcome"] == "defer":
            when = fields.Datetime.to_string(plan["eta"])
            return self.env._("Deferred to %(when)s UTC (%(reason)s)", when=when, reason=plan["reason"]) + f"\n{text}"
        return text

    # The plan ---------------------------------------------------------------------------------
    def _messaging_customer(self, record):
        """``(document, partner)``: the record the message is about (its chatter gets the
        trace) and the customer. A conversation message answers its lead / partner."""
        if record._name == "messaging.message":
            record = record.lead_id or record.partner_id
        if record._name == "res.partner":
            return record, record
        partner = record.partner_id if "partner_id" in record._fields else self.env["res.partner"]
        return record, partner

    def _messaging_recipient(self, document, partner):
        kind = ADDRESS_KIND.get(self.messaging_channel_id.channel_type)
        if kind == "conversation":
            for holder in (document, partner):
                if holder and "chatwoot_conversation_id" in holder._fields and holder.chatwoot_conversation_id:
                    return holder.chatwoot_conversation_id
            return False
        if kind == "email":
            email = document.email_from if "email_from" in document._fields else False
            return email_normalize(email or partner.email or "") or False
        number = (document.phone if "phone" in document._fields else False) or partner.phone
        if not number:
            return False
        country = partner.country_id or self.messaging_channel_id.company_id.country_id or self.env.ref("base.br")
        return self.env["res.partner"]._phone_format(number=number, country=country) or number

    def _messaging_render(self, document, partner):
        """``(subject, body)``: the template (or the text) rendered on ``document``."""
        template = self.messaging_template_id
        lead = document if document._name == "crm.lead" else self.env["crm.lead"]
        company = document.company_id if "company_id" in document._fields and document.company_id else None
        add_context = {"lead": lead, "partner": partner, "company": company or self.env.company}
        # messaging.template renders unrestricted: only managers write templates, and only
        # administrators write server actions (the text without a template).
        renderer = template or self.env["messaging.template"]
        texts = (template.subject, template.body) if template else (False, self.messaging_body)
        rendered = [
            renderer._render_template(
                text, document._name, [document.id], engine="inline_template", add_context=add_context
            )[document.id]
            if text
            else ""
            for text in texts
        ]
        return rendered[0], rendered[1]

    def _messaging_plan(self, record, run, now=None):
        """What sending on ``record`` means now: a dict with ``document``, ``partner``,
        ``channel``, ``recipient``, ``subject``, ``body``, ``outcome`` (``send`` / ``defer`` /
        ``skip``), ``eta`` and ``reason``. Counts the message in ``run["sent"]`` (the cap)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        document, partner = self._messaging_customer(record)
        subject, body = self._messaging_render(document, partner) if document else (False, "")
        plan = {
            "action": self,
            "document": document,
            "partner": partner,
            "channel": self.messaging_channel_id,
            "recipient": self._messaging_recipient(document, partner) if document else False,
            "subject": subject,
            "body": body,
            "outcome": "send",
            "eta": now,
            "reason": False,
        }
        Send = self.env["ops.automation.send"].sudo()
        if not plan["recipient"]:
            return dict(plan, outcome="skip", reason=self.env._("the customer has no address for this channel"))
        cooldown_end = Send._cooldown_end(self, document, now)
        if cooldown_end:
            reason = self.env._("already sent, cooldown until %s UTC", fields.Datetime.to_string(cooldown_end))
            return dict(plan, outcome="skip", reason=reason)
        eta, reason = self._messaging_cap_eta(run, now)
        quiet_end = self._messaging_quiet_end(partner, eta)
        if quiet_end:
            eta, reason = quiet_end, self.env._("quiet hours of the customer")
        if eta > now:
            return dict(plan, outcome="defer", eta=eta, reason=reason)
        return plan

    def _messaging_cap_eta(self, run, now):
        """``(eta, reason)`` of the next message of this action in ``run`` under the cap."""
        count = run["sent"].get(self.id, 0)
        run["sent"][self.id] = count + 1
        cap = self.messaging_max_per_run
        if cap <= 0 or count < cap:
            return now, False
        step = timedelta(minutes=max(self.messaging_defer_minutes, 1)) * (count // cap)
        return now + step, self.env._("over the cap of %s messages per run", cap)

    def _messaging_quiet_end(self, partner, when):
        """The end of the quiet hours (naive UTC) if ``when`` falls in them for ``partner``."""
        start, end = self.messaging_quiet_start, self.messaging_quiet_end
        if not self.messaging_quiet_hours or start == end:
            return False
        tz_name = partner.tz or self.env.company.partner_id.tz or self.env.user.tz or "UTC"
        tz = pytz.timezone(tz_name)
        local = pytz.utc.localize(when).astimezone(tz)
        hour = local.hour + local.minute / 60
        quiet = (start <= hour < end) if start < end else (hour >= start or hour < end)
        if not quiet:
            return False
        end_time = time(int(end), round((end % 1) * 60) % 60)
        day = local.date() if hour < end else local.date() + timedelta(days=1)
        local_end = tz.localize(datetime.combine(day, end_time))
        return local_end.astimezone(pytz.utc).replace(tzinfo=None)
