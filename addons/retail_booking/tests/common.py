import base64

import pyotp

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.ops_base.tests.secret_key import use_secret_key
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..tools import secret_box
from .fake_portal import FakeRetailPortal

TEST_KEY = base64.b64encode(b"retail_booking test key 32 bytes").decode()
LOGIN, PASSWORD = "logistica@distribuidora.example", "Senh@-Portal-9731"
TOTP_SECRET = pyotp.random_base32()


class BookingCase(TransactionCase):
    """The demo Atacadão recipe and picking, an account pointing at a fake portal
    (``cls.portal``, one for the class), users, and a job runner that performs the
    stored queue jobs as queue_job's controller does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_secret_key(cls, secret_box, TEST_KEY)
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="America/Sao_Paulo"))
        cls.portal = FakeRetailPortal(LOGIN, PASSWORD, TOTP_SECRET)
        cls.portal.server.start()
        cls.addClassCleanup(cls.portal.server.stop)
        cls.manager = new_test_user(cls.env, login="rb_manager", groups="retail_booking.group_booking_manager")
        cls.user = new_test_user(cls.env, login="rb_user", groups="retail_booking.group_booking_user")
        cls.recipe = cls.env.ref("retail_booking.recipe_atacadao")
        # the demo recipe, with short waits: a missing element fails in seconds
        cls.recipe.step_ids.write({"timeout": 3})
        cls.recipe.check_timeout = 2
        cls.account = cls.env.ref("retail_booking.account_atacadao")
        cls.account.with_user(cls.manager).write({
            "portal_url": cls.portal.url + "/", "login": LOGIN, "password": PASSWORD, "totp_secret": TOTP_SECRET})
        cls.picking = cls.env.ref("retail_booking.demo_picking_atacadao")

    def setUp(self):
        super().setUp()
        self.portal.reset()

    def new_booking(self, **vals):
        """A draft booking for a copy of the demo delivery, made with "Book Unloading"."""
        picking = self.picking.copy()
        action = picking.with_user(self.user).action_retail_booking_create()
        booking = self.env["retail.booking"].browse(action["res_id"])
        booking.write({"po_numbers": "4500012345", "pallets": 4,
                       "vehicle_type_id": self.env.ref("retail_booking.vehicle_truck").id, **vals})
        return booking

    def jobs(self, booking):
        return self.env["queue.job"].search([("func_string", "=", f"retail.booking({booking.id},)._job_book()")])

    def run_job(self, booking):
        """Perform the booking's pending job like queue_job's runner: done, or postponed
        on RetryableJobError (returned)."""
        record = self.jobs(booking).filtered(lambda job: job.state == "pending")
        self.assertEqual(len(record), 1)
        job = Job.load(self.env, record.uuid)
        job.set_started()
        try:
            with self.env.cr.savepoint():
                job.perform()
        except RetryableJobError as exc:
            job.postpone(result=str(exc), seconds=exc.seconds)
            job.set_pending(reset_retry=False)
            job.store()
            booking.invalidate_recordset()
            return exc
        job.set_done()
        job.store()
        booking.invalidate_recordset()
        return None

    def book(self, booking):
        booking.with_user(self.user).action_request()
        return self.run_job(booking)
