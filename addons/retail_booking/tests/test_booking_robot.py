import logging

from odoo.sql_db import db_connect
from odoo.tests import tagged

from odoo.addons.retail_booking.models.retail_portal_account import LOCK_NAMESPACE

from .common import LOGIN, PASSWORD, TOTP_SECRET, BookingCase


@tagged("post_install", "-at_install")
class TestBookingRobot(BookingCase):
    """The demo recipe against the fake portal, in real headless Chromium."""

    def assert_failed(self, booking, *fragments):
        self.assertEqual(booking.state, "failed")
        run = booking.run_ids
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "failed")
        self.assertTrue(run.screenshot_ids, "a failure leaves a screenshot")
        self.assertTrue(run.screenshot_ids.raw.startswith(b"\x89PNG"))
        for fragment in fragments:
            self.assertIn(fragment, booking.last_error)
        self.assertEqual(run.error, booking.last_error)
        return run

    def test_booking_session_reuse_and_expiry(self):
        with self.assertLogs(level=logging.DEBUG) as logs:
            booking = self.new_booking()
            self.assertIsNone(self.book(booking))
        self.assertEqual(booking.state, "booked", booking.last_error)
        sent = self.portal.bookings[0]
        self.assertEqual(booking.protocol, sent["protocol"])
        self.assertEqual(sent["cd"], "CD-SP01")
        self.assertEqual(sent["veiculo"], booking.vehicle_type_id.code)
        self.assertEqual(sent["paletes"], "4")
        self.assertEqual(sent["pedidos"], "4500012345")
        # 4 desks (1 per retailer unit), 24 chairs in boxes of 6
        self.assertEqual(sent["itens"], "7891000100103:4;17891000200207:4")
        run = booking.run_ids
        self.assertTrue(run.logged_in)
        shot = f"{booking.name.replace('/', '-')}-step-11-confirmacao.png"
        self.assertEqual(run.screenshot_ids.mapped("name"), [shot])
        self.assertEqual(self.portal.server.count("POST", "/login"), 1)
        self.assertTrue(self.account.session_saved_at)
        # the protocol on the delivery and its slip
        picking = booking.picking_ids
        self.assertEqual(picking.retail_booking_protocol, booking.protocol)
        html = self.env["ir.actions.report"]._render_qweb_html("stock.action_report_delivery", picking.ids)[0]
        self.assertIn(booking.protocol, html.decode())

        # a second booking reuses the saved session: no login page
        second = self.new_booking()
        self.book(second)
        self.assertEqual(second.state, "booked", second.last_error)
        self.assertFalse(second.run_ids.logged_in)
        self.assertEqual(self.portal.server.count("POST", "/login"), 1)
        self.assertNotEqual(second.protocol, booking.protocol)

        # the portal expires the session: the next run logs in again
        self.portal.expire_sessions()
        third = self.new_booking()
        self.book(third)
        self.assertEqual(third.state, "booked", third.last_error)
        self.assertTrue(third.run_ids.logged_in)
        self.assertEqual(self.portal.server.count("POST", "/login"), 2)
        self.assert_no_secrets(logs.output, booking)

    def assert_no_secrets(self, log_lines, *bookings):
        texts = [*log_lines]
        for booking in bookings:
            texts += [booking.last_error or "", *booking.run_ids.mapped("log"), *booking.run_ids.mapped("error"),
                      *booking.run_ids.screenshot_ids.mapped("name"), *self.jobs(booking).mapped("result"),
                      *booking.message_ids.mapped("body")]
        blob = "\n".join(filter(None, texts))
        # (Odoo's SQL debug log shows the encrypted tokens as written: ciphertext, not a credential)
        for secret in (PASSWORD, TOTP_SECRET, LOGIN):
            self.assertNotIn(secret, blob)

    def test_wrong_password(self):
        self.account.with_user(self.manager).password = "not-the-password"
        with self.assertLogs(level=logging.DEBUG) as logs:
            booking = self.new_booking()
            self.assertIsNone(self.book(booking), "a refused login is not retried")
        run = self.assert_failed(booking, "The portal refused the login: Usuário ou senha inválidos")
        self.assertEqual(run.failure_kind, "login")
        self.assertFalse(self.portal.bookings)
        self.assert_no_secrets(logs.output, booking)
        self.assertNotIn("not-the-password", "\n".join(logs.output) + booking.last_error + run.log)

    def test_expired_2fa_code(self):
        self.portal.clock_skew = 300  # the portal's clock is 5 minutes ahead: our code has expired
        booking = self.new_booking()
        self.book(booking)
        self.assert_failed(booking, "The portal refused the login: Código 2FA expirado ou inválido")
        self.assertFalse(self.account.session_saved_at)

    def test_portal_down_is_retried_then_fails(self):
        self.portal.down = True
        booking = self.new_booking()
        retry = self.book(booking)
        self.assertIn("HTTP 503", str(retry))
        self.assertEqual(booking.state, "requested", "attempt 1 of 3: the job queue retries it")
        self.assertFalse(booking.run_ids)
        self.assertEqual(self.run_job(booking).args[0], str(retry))
        self.assertEqual(booking.attempt_count, 2)
        self.assertIsNone(self.run_job(booking), "the last attempt fails the booking")
        run = self.assert_failed(booking, "Session check failed", "the portal answered HTTP 503")
        self.assertEqual(run.failure_kind, "unreachable")
        self.assertEqual(booking.attempt_count, 3)

    def test_changed_page_fails_with_the_step(self):
        self.portal.changed = True
        booking = self.new_booking()
        self.assertIsNone(self.book(booking), "a changed page is not retried")
        self.assert_failed(booking, "Step 2 (fill “#pedidos” with the po numbers) timed out after 3 s")
        self.assertFalse(self.portal.bookings)

    def test_one_session_per_account(self):
        """While another job holds the account (its transaction lock), the job waits
        without using an attempt and the portal sees nothing."""
        booking = self.new_booking()
        with db_connect(self.env.cr.dbname).cursor() as other:  # another session, as another job runs in
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, self.account.id])
            retry = self.book(booking)
            other.rollback()
        self.assertIn("Another robot session", str(retry))
        self.assertTrue(retry.ignore_retry)
        self.assertEqual(booking.state, "requested")
        self.assertEqual(self.portal.server.count(), 0)
        self.assertEqual(self.jobs(booking).retry, 0)
