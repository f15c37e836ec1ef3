"""The staff assistant in Discuss, as OdooBot lives there: the "Operations Assistant"
partner has a private chat with each staff member who opens it (menu Operations →
Operations Assistant). A message posted in that chat by an AI user enqueues a job that runs
**as that user** (look-ups with the user's own rights) and posts the answer as the
assistant, with links to the records it mentions."""

import re

from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools import html2plaintext

from ..tools import claude

BOT_PARTNER = "ops_ai_assistant.partner_ai_assistant"
AI_USER = "ops_ai_assistant.group_ai_user"
MARKDOWN = re.compile(r"\[(?P<label>[^\]\n]{1,200})\]\((?P<url>/odoo/[\w./-]{1,200})\)|\*\*(?P<bold>[^*\n]{1,200})\*\*")


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self._ai_is_assistant_chat() and msg_vals.get("message_type") == "comment":
            user = self.env.user
            if (msg_vals.get("author_id") == user.partner_id.id and user._is_internal()
                    and user.has_group(AI_USER)):
                self.with_user(user).with_delay(
                    channel="root.ai", max_retries=6, description=f"Operations Assistant answer to {user.name}",
                )._ai_staff_reply(message)
        return result

    def _ai_is_assistant_chat(self):
        self.ensure_one()
        if self.channel_type != "chat":
            return False
        bot = self.env.ref(BOT_PARTNER, raise_if_not_found=False)
        return bool(bot) and bot in self.sudo().channel_member_ids.partner_id

    @api.model
    def _ai_open_chat_action(self):
        """The Discuss action opening the current user's chat with the assistant."""
        bot = self.env.ref(BOT_PARTNER)
        channel = self._get_or_create_chat([bot.id, self.env.user.partner_id.id])
        return {"type": "ir.actions.client", "tag": "mail.action_discuss",
                "params": {"active_id": f"discuss.channel_{channel.id}"}}

    # The job (runs as the staff member) -----------------------------------------------------------
    def _ai_staff_reply(self, message):
        self.ensure_one()
        pending = self.env["ai.pending.action"].sudo().search(
            [("discuss_channel_id", "=", self.id), ("user_id", "=", self.env.uid), ("state", "=", "pending")], limit=1)
        if pending:
            done = pending.with_user(self.env.user)._ai_decide(html2plaintext(message.body or ""))
            if done:
                return self._ai_post(done)
        company = self.env.company
        if not company.ai_staff_enabled:
            return self._ai_post(self.env._("The Operations Assistant is turned off for %s.", company.name))
        if not company._ai_api_key():
            return self._ai_post(self.env._("The Operations Assistant has no API key yet: ask an administrator."))
        Assistant = self.env["ai.assistant"]
        if Assistant._ai_budget_left(company) <= 0:
            return self._ai_post(self.env._("The assistant's monthly token budget is used up."))
        outcome = Assistant._ai_run(
            company=company, audience="staff", messages=Assistant._ai_history(self._ai_chat_history()),
            tool_env=self.env(su=False, context={**self.env.context, "ai_discuss_channel_id": self.id}),
            rules=self.env["ai.rule"]._ai_applicable(company, "staff"),
            context_text=f"{Assistant._ai_now_text()}\nStaff member: {self.env.user.name}",
            log_links={"user_id": self.env.uid, "discuss_channel_id": self.id},
        )
        return self._ai_post(self._ai_outcome_text(outcome))

    def _ai_chat_history(self):
        bot = self.env.ref(BOT_PARTNER)
        size = self.env.company.ai_history_size or 20
        messages = self.env["mail.message"].sudo().search(
            [("model", "=", "discuss.channel"), ("res_id", "=", self.id), ("message_type", "=", "comment")],
            order="id desc", limit=size)
        return [("assistant" if msg.author_id == bot else "user", html2plaintext(msg.body or ""))
                for msg in reversed(messages)]

    def _ai_outcome_text(self, outcome):
        notes = {
            claude.REFUSAL: self.env._("I cannot help with this request."),
            claude.ITERATION_CAP: self.env._("I needed too many look-ups for this: please ask a narrower question."),
            claude.CONTEXT_EXCEEDED: self.env._(
                "This chat is too long for me: please start over with a short question."),
            "error": self.env._("The AI service refused the request: %s", outcome.text),
        }
        if outcome.kind == claude.TRUNCATED:
            return (outcome.text + "\n\n" + self.env._("(answer cut short)")).strip()
        return notes.get(outcome.kind) or outcome.text or self.env._("I have no answer to this.")

    def _ai_post(self, text):
        bot = self.env.ref(BOT_PARTNER)
        self.sudo().message_post(author_id=bot.id, body=self._ai_html(text), message_type="comment",
                                 subtype_xmlid="mail.mt_comment", silent=True)
        return "posted"

    @api.model
    def _ai_html(self, text):
        """Plain text with Markdown links to ``/odoo/...`` records and bold, as safe HTML (any
        other markup the model writes is escaped)."""
        text, html, position = text or "", Markup(), 0
        for match in MARKDOWN.finditer(text):
            html += escape(text[position:match.start()])
            if match["url"]:
                html += Markup('<a href="%s">%s</a>') % (match["url"], match["label"])
            else:
                html += Markup("<b>%s</b>") % match["bold"]
            position = match.end()
        html += escape(text[position:])
        return Markup("<br/>").join(html.split("\n"))
