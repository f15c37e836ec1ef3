"""Webhook over real HTTP: rate limit, unknown events, missing customer, concurrency and
idempotency through processing (the jobs the requests created are run for real)."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from odoo.tests import HttpCase, tagged

from odoo.addons.queue_job.job import Job

from ..tools.chatwoot import sign_chatwoot
from ..tools.quo import sign_quo
from .common import CHATWOOT_SECRET, QUO_SECRET, UAZAPI_TOKEN, MessagingKeyMixin, dumps, quo_event
from .test_processing_conversations import cw_message, wa_message

JSON = {"Content-Type": "application/json"}
WRONG_SECRET = "d3Jvbmcgc2VjcmV0IGZvciB0ZXN0cyEhIQ=="


@tagged("post_install", "-at_install")
class TestWebhookLimits(MessagingKeyMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.br")
        cls.quo = cls.make_channel("quo")
        cls.uazapi = cls.make_channel("uazapi")
        cls.chatwoot = cls.make_channel("chatwoot", account_ref="1")

    def post_quo(self, payload, secret=QUO_SECRET):
        body = dumps(payload)
        headers = {**JSON, "openphone-signature": sign_quo(body, secret, int(time.time() * 1000))}
        return self.url_open(f"/webhook/quo/{self.quo.id}", data=body, headers=headers)

    def post_uazapi(self, payload):
        return self.url_open(
            f"/webhook/uazapi/{self.uazapi.id}?token={UAZAPI_TOKEN}", data=dumps(payload), headers=JSON
        )

    def inbox(self, channel):
        return self.env["messaging.inbox"].search([("channel_id", "=", channel.id)])

    def run_jobs(self):
        """Run the queue jobs the requests stored, as the job runner would."""
        jobs = self.env["queue.job"].search([("model_name", "=", "messaging.inbox"), ("state", "=", "pending")])
        for stored in jobs:
            Job.load(self.env, stored.uuid).perform()
        self.env.invalidate_all()
        return jobs

    def test_rate_limit_answers_429_with_retry_after(self):
        if time.gmtime().tm_sec >= 50:  # keep the whole test inside one one-minute window
            time.sleep(61 - time.gmtime().tm_sec)
        self.quo.rate_limit_per_minute = 3
        # Forged deliveries are refused before counting: they cannot use up the quota.
        for index in range(5):
            response = self.post_quo(
                quo_event(event_id=f"EVforged{index}"), secret="d3Jvbmcgc2VjcmV0IGZvciB0ZXN0cyEhIQ=="
            )
            self.assertEqual(response.status_code, 401)
        for index in range(3):
            response = self.post_quo(quo_event(event_id=f"EVrate{index}", message_id=f"ACrate{index}"))
            self.assertEqual(response.status_code, 200, response.text)
        response = self.post_quo(quo_event(event_id="EVrate3", message_id="ACrate3"))
        self.assertEqual(response.status_code, 429, response.text)
        self.assertEqual(response.json()["error"], "rate_limited")
        retry_after = int(response.headers["Retry-After"])
        self.assertTrue(1 <= retry_after <= 60, retry_after)
        self.assertEqual(response.json()["retry_after"], retry_after)
        self.assertEqual(len(self.inbox(self.quo)), 3, "the refused delivery is not stored")
        counters = self.env["messaging.rate.limit"].search([("channel_id", "=", self.quo.id)])
        self.assertEqual(sum(counters.mapped("hits")), 4)
        # Other channels have their own quota; 0 means no limit.
        self.assertEqual(self.post_uazapi(wa_message("3EBrate")).status_code, 200)
        self.quo.rate_limit_per_minute = 0
        self.assertEqual(self.post_quo(quo_event(event_id="EVrate4", message_id="ACrate4")).status_code, 200)

    def test_unknown_event_type_is_acknowledged_and_creates_nothing(self):
        payload = {**quo_event(event_id="EVunknown"), "type": "message.reaction.added"}
        response = self.post_quo(payload)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"status": "ignored"})
        row = self.inbox(self.quo)
        self.assertEqual(row.state, "ignored")
        self.assertFalse(self.run_jobs(), "an ignored event enqueues no job")
        self.assertFalse(self.env["crm.lead"].search([("phone", "=", "+15555550123")]))

    def test_message_without_customer_is_400_and_stores_nothing(self):
        payload = quo_event(event_id="EVnofrom")
        del payload["data"]["object"]["from"]
        response = self.post_quo(payload)
        self.assertEqual(
            (response.status_code, response.json()), (400, {"error": "missing_field", "field": "data.object.from"})
        )
        outgoing = quo_event(event_id="EVnoto", direction="outgoing", to=[])
        self.assertEqual(self.post_quo(outgoing).json()["field"], "data.object.to")
        payload = wa_message("3EBnochat")
        del payload["message"]["chatid"]
        response = self.post_uazapi(payload)
        self.assertEqual((response.status_code, response.json()["field"]), (400, "message.chatid"))
        payload = cw_message(555)
        del payload["conversation"]
        body = dumps(payload)
        headers = {**JSON, **sign_chatwoot(body, CHATWOOT_SECRET, int(time.time()))}
        response = self.url_open(f"/webhook/chatwoot/{self.chatwoot.id}", data=body, headers=headers)
        self.assertEqual((response.status_code, response.json()["field"]), (400, "conversation.id"))
        channels = self.quo | self.uazapi | self.chatwoot
        self.assertFalse(self.env["messaging.inbox"].search([("channel_id", "in", channels.ids)]))

    def test_fifty_parallel_deliveries_are_all_stored_and_processed(self):
        numbers = [f"+55119{index:08d}" for index in range(50)]
        bodies = [dumps(wa_message(f"3EBpar{index:03d}", number=number)) for index, number in enumerate(numbers)]
        url = f"{self.base_url()}/webhook/uazapi/{self.uazapi.id}?token={UAZAPI_TOKEN}"

        def deliver(body):
            # The test_cursor cookie routes the requests to the test's cursor: the server
            # serves them one at a time on it, in whatever order the threads arrive.
            response = requests.post(url, data=body, headers=JSON, cookies=cookies, timeout=60)
            return response.status_code, response.json().get("status")

        with self.allow_requests(), ThreadPoolExecutor(max_workers=10) as pool:
            cookies = self.opener.cookies.copy()
            answers = list(pool.map(deliver, bodies))
        self.assertEqual(answers, [(200, "accepted")] * 50)
        self.assertEqual(len(self.inbox(self.uazapi)), 50)
        self.assertEqual(len(self.run_jobs()), 50)
        self.assertEqual(set(self.inbox(self.uazapi).mapped("state")), {"done"})
        leads = self.env["crm.lead"].search([("phone", "in", numbers)])
        self.assertEqual(sorted(leads.mapped("phone")), numbers)

    def test_same_event_three_times_gives_one_lead_and_one_message(self):
        payload = wa_message("3EBthrice", text="Olá, três vezes?")
        answers = [self.post_uazapi(payload).json()["status"] for _attempt in range(3)]
        self.assertEqual(answers, ["accepted", "duplicate", "duplicate"])
        self.assertEqual(len(self.run_jobs()), 1)
        lead = self.env["crm.lead"].search([("phone", "=", "+5511955554444")])
        self.assertEqual(len(lead), 1)
        messages = self.env["mail.message"].search([("body", "ilike", "três vezes")])
        self.assertEqual(len(messages), 1)
        self.assertEqual((messages.model, messages.res_id), ("crm.lead", lead.id))
