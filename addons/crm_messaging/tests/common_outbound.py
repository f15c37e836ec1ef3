"""Set-up of the outbound tests: a fake provider on 127.0.0.1, one channel per type
pointing at it, and a runner for trapped jobs that behaves like queue_job's."""

from odoo.tests import Form

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import MessagingKeyMixin

CUSTOMER_PHONE = "+5511987654321"


def fail_job(job, exc):
    """What queue_job's runner does with a job it gives up on (``controllers/main.py``):
    the failure values, ``set_failed``, then the job function's ``on_fail_method``."""
    values = {
        "exc_info": "",
        "exc_name": f"{exc.__class__.__module__}.{exc.__class__.__name__}",
        "exc_message": exc.args[0] if exc.args else str(exc),
    }
    job.set_failed(**values)
    job.on_fail(values)


class OutboundMixin(MessagingKeyMixin):
    """Channels of every type at a fake provider, a customer and their lead.

    The registry is in test mode: the channel health, written on a separate cursor by the
    send job, lands in the test transaction (see ``messaging_circuit_breaker.py``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls._registry_patched:  # HttpCase did it already
            cls.registry_enter_test_mode_cls()
        cls.server = FakeHTTPServer().start()
        cls.addClassCleanup(cls.server.stop)
        cls.env.company.country_id = cls.env.ref("base.br")
        # Channels from demo data or a development database would be offered too.
        cls.env["messaging.channel"].search([]).action_archive()
        url = cls.server.url
        cls.quo = cls.make_channel("quo", base_url=url, sender_ref="PNsales01")
        cls.uazapi = cls.make_channel("uazapi", base_url=url)
        cls.chatwoot = cls.make_channel("chatwoot", base_url=url, account_ref="7")
        cls.sendgrid = cls.make_channel("sendgrid", base_url=url, sender_ref="vendas@example.com")
        cls.partner = cls.env["res.partner"].create(
            {"name": "Ana Souza", "phone": "(11) 98765-4321", "email": "ana@example.com"}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Orçamento Ana",
                "partner_id": cls.partner.id,
                "phone": "(11) 98765-4321",
                "email_from": "ana@example.com",
                "chatwoot_conversation_id": "42",
                "user_id": False,
            }
        )

    def setUp(self):
        super().setUp()
        self.server.reset()

    def composer(self, record=None, user=None, **values):
        """A composer form on ``record`` (the lead by default), filled with ``values``."""
        record = record or self.lead
        env = self.env(user=user) if user else self.env
        form = Form(env["messaging.composer"].with_context(active_model=record._name, active_id=record.id))
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def send(self, channel, body="Olá!", record=None, **values):
        """Send ``body`` through ``channel`` with the composer, trapping the job; returns
        ``(outbound, trap)`` (the trap is closed: run its jobs with :meth:`run_job`)."""
        with trap_jobs() as trap:
            form = self.composer(record, channel_id=channel, body=body, **values)
            form.save().action_send()
        outbound = self.env["messaging.outbound"].search([("channel_id", "=", channel.id)], limit=1)
        return outbound, trap

    def run_job(self, job):
        """Perform ``job`` once as queue_job's runner would; the delay (seconds) before it
        would run again when it asked to be retried, else ``None``. When queue_job gives up
        (``max_retries`` reached), the job is failed and its function's ``on_fail_method``
        runs, as the runner does."""
        try:
            job.perform()
        except RetryableJobError as exc:
            return job._get_retry_seconds(exc.seconds)
        except FailedJobError as exc:
            fail_job(job, exc)
        return None

    def run_until_done(self, job, limit=10):
        """Run ``job`` until it stops asking for a retry; the list of retry delays."""
        delays = []
        for _attempt in range(limit):
            delay = self.run_job(job)
            if delay is None:
                return delays
            delays.append(delay)
        raise AssertionError(f"job still retrying after {limit} runs: {delays}")

    def trace(self, outbound):
        outbound.invalidate_recordset()
        return outbound.mail_message_id.body or ""
