"""Processing failures raised by the database itself, not by our code.

A PostgreSQL trigger created by the test on ``mail_message`` refuses to insert a chatter
message carrying a marker text, with the SQLSTATE the test chooses: a permanent error
(``raise_exception``) or a transient one (``serialization_failure``). Nothing of ours is
patched: the real ``message_post`` fails inside the real processing.
"""

import json

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import quo_event
from .common_outbound import fail_job
from .test_processing import UNKNOWN, ProcessingMixin

MARKER = "BOOM-TRIGGER"
QUIET = ("odoo.sql_db", "odoo.addons.crm_messaging.models.messaging_inbox")


@tagged("post_install", "-at_install")
class TestProcessingFailures(ProcessingMixin, TransactionCase):
    def add_trigger(self, errcode):
        """Make every INSERT of a chatter message containing :data:`MARKER` fail."""
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION crm_messaging_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.body::text LIKE '%%' || TG_ARGV[1] || '%%' THEN
                        RAISE EXCEPTION 'chatter refused by the test trigger' USING ERRCODE = TG_ARGV[0];
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER crm_messaging_test_refuse BEFORE INSERT ON mail_message
                    FOR EACH ROW EXECUTE FUNCTION crm_messaging_test_refuse(%s, %s);
                """,
                errcode,
                MARKER,
            )
        )

    def drop_trigger(self):
        self.env.cr.execute("DROP TRIGGER crm_messaging_test_refuse ON mail_message")

    def store(self, payload):
        inbox = self.env["messaging.inbox"]
        (event,) = self.quo._parse_payload(payload)
        return inbox._store_event(self.quo, event, json.dumps(payload))

    def marked_messages(self):
        return self.env["mail.message"].search([("body", "ilike", MARKER)])

    def test_database_error_fails_the_row_writes_nothing_and_retry_recovers(self):
        self.add_trigger("raise_exception")
        payload = quo_event(event_id="EVboom", message_id="ACboom", **{"from": UNKNOWN, "body": f"{MARKER} oi"})
        with trap_jobs() as trap, mute_logger(*QUIET):
            row = self.store(payload)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        row.invalidate_recordset()
        self.assertEqual(row.state, "failed")
        self.assertIn("chatter refused by the test trigger", row.error)
        # The lead was created before the chatter insert failed: rolled back with it.
        self.assertFalse(self.leads(UNKNOWN))
        self.assertFalse(self.marked_messages())
        # The transaction is usable: the failure is recorded and more work can follow.
        failed = [("state", "=", "failed"), ("channel_id", "=", self.quo.id)]
        self.assertEqual(self.env["messaging.inbox"].search_count(failed), 1)

        self.drop_trigger()
        with trap_jobs() as trap:
            row.action_retry()
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        row.invalidate_recordset()
        self.assertEqual(row.state, "done")
        self.assertFalse(row.error)
        lead = self.leads(UNKNOWN)
        self.assertEqual(len(lead), 1)
        self.assertEqual(len(self.notes(lead)), 1)
        self.assertEqual(len(self.marked_messages()), 1)

    def test_transient_database_error_is_retried_then_fails_on_the_last_attempt(self):
        self.add_trigger("serialization_failure")
        payload = quo_event(event_id="EVretry", message_id="ACretry", **{"from": UNKNOWN, "body": f"{MARKER} alô"})
        row = self.store(payload)  # a real queue.job record, as the webhook creates it
        stored = self.env["queue.job"].search([("model_name", "=", "messaging.inbox")], order="id desc", limit=1)
        self.assertEqual(stored.records, row)
        self.assertEqual(stored.max_retries, 5)
        for attempt in range(1, stored.max_retries):
            job = Job.load(self.env, stored.uuid)
            with self.assertRaises(RetryableJobError), mute_logger(*QUIET):
                job.perform()
            # What queue_job's runner does with a RetryableJobError: back to pending, later.
            job.set_pending(reset_retry=False)
            job.store()
            row.invalidate_recordset()
            self.assertEqual(row.state, "pending", f"attempt {attempt}")
            self.assertFalse(self.leads(UNKNOWN))
        # The last attempt: queue_job gives up and fails the job; its function's
        # on_fail_method records the failure on the row instead of leaving it pending forever.
        job = Job.load(self.env, stored.uuid)
        with self.assertRaises(FailedJobError) as caught, mute_logger(*QUIET):
            job.perform()
        row.invalidate_recordset()
        self.assertEqual(row.state, "pending", "the failed attempt is rolled back with the job")
        with mute_logger(*QUIET):
            fail_job(job, caught.exception)
            job.store()
        self.assertEqual(stored.state, "failed")
        row.invalidate_recordset()
        self.assertEqual(row.state, "failed")
        self.assertIn("SerializationFailure", row.error)
        self.assertFalse(self.leads(UNKNOWN))
        self.assertFalse(self.marked_messages())

    def test_a_row_no_longer_pending_is_not_processed_again(self):
        payload = quo_event(event_id="EVtwice", message_id="ACtwice", **{"from": UNKNOWN, "body": "uma vez"})
        with trap_jobs() as trap:
            row = self.store(payload)
            trap.perform_enqueued_jobs()
        row._process()  # e.g. a second job for the same row
        row.action_retry()  # only failed rows can be retried
        self.assertEqual(row.state, "done")
        self.assertEqual(len(self.notes(self.leads(UNKNOWN))), 1)
