import ast
import io
import re

from PIL import Image

from odoo.tests import tagged

from .common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestDelivery(DriverPortalCase):
    """Closing a stop: delivered with proof, partial, failed, twice, with bad uploads."""

    def setUp(self):
        super().setUp()
        self.stop = self.make_stop(self.driver_a)
        self.login_a()

    def proof_attachments(self, picking):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)], order="id")

    def test_delivered_with_proof(self):
        reply = self.deliver(self.stop)
        self.assertEqual(reply.status_code, 303)
        self.assertTrue(reply.headers["Location"].endswith(f"/driver/stop/{self.stop.id}?done=delivered"))
        self.stop.invalidate_recordset()
        self.assertEqual(self.stop.state, "done")
        self.assertEqual(self.stop.driver_state, "delivered")
        self.assertEqual(self.stop.delivery_recipient, "Maria Recebedora")
        self.assertEqual(self.stop.delivered_by_id, self.driver_a)
        self.assertAlmostEqual(self.stop.delivery_latitude, -23.5506, places=4)
        self.assertAlmostEqual(self.stop.delivery_longitude, -46.6334, places=4)
        self.assertEqual(str(self.stop.delivery_gps_time), "2025-11-22 08:26:40")
        self.assertTrue(self.stop.delivery_signature)
        self.assertEqual(self.stop.move_ids.mapped("quantity"), [2.0, 1.0])
        files = self.proof_attachments(self.stop)
        self.assertEqual(files.mapped("mimetype"), ["image/png", "image/jpeg"])
        self.assertFalse(any(files.mapped("public")))
        self.assertFalse(any(files.mapped("access_token")))
        self.assertEqual(self.stop.delivery_photo_ids, files[1])
        # the photo was re-encoded: no EXIF left (camera make, model, GPS)
        with Image.open(io.BytesIO(files[1].raw)) as photo:
            self.assertFalse(dict(photo.getexif()))
        message = self.stop.message_ids.filtered(lambda m: "Maria Recebedora" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids, files)
        self.assertIn("Left at the counter", message.body)
        page = self.url_open(f"/driver/stop/{self.stop.id}?done=delivered")
        self.assertIn("Delivered. Thank you!", page.text)
        self.assertNotIn("o_driver_deliver_form", page.text, "a delivered stop cannot be closed again")

    def test_delivered_twice_creates_nothing_more(self):
        self.assertEqual(self.deliver(self.stop).status_code, 303)
        after_first = self.snapshot(self.stop)
        again = self.deliver(self.stop)
        self.assertEqual(again.status_code, 409)
        self.assertIn("already delivered", again.text)
        as_json = self.deliver(self.stop, as_json=True)
        self.assertEqual(as_json.status_code, 409)
        self.assertEqual(as_json.json()["code"], "already_closed")
        failed = self.post(f"/driver/stop/{self.stop.id}/fail", {"reason_id": self.reason_absent.id})
        self.assertEqual(failed.status_code, 409)
        self.assertEqual(self.snapshot(self.stop), after_first)

    def test_partial_delivery_creates_a_backorder(self):
        water, gas = self.stop.move_ids.sorted(lambda m: m.product_id.name != "Water 20 L")
        reply = self.deliver(self.stop, partial="1", **{f"qty_{water.id}": "1", f"qty_{gas.id}": "1"})
        self.assertEqual(reply.status_code, 303, reply.text[:500])
        self.assertEqual(self.stop.state, "done")
        self.assertEqual(water.quantity, 1.0)
        backorder = self.env["stock.picking"].search([("backorder_id", "=", self.stop.id)])
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.move_ids.product_id, self.product_water)
        self.assertEqual(backorder.move_ids.product_uom_qty, 1.0)
        self.assertFalse(backorder.driver_id, "the rest goes back to planning")
        self.assertEqual(backorder.driver_state, "todo")
        self.assertTrue(self.stop.message_ids.filtered(lambda m: "Partial delivery" in (m.body or "")))

    def test_partial_quantities_checked(self):
        water = self.stop.move_ids.filtered(lambda m: m.product_id == self.product_water)
        before = self.snapshot(self.stop)
        too_much = self.deliver(self.stop, partial="1", **{f"qty_{water.id}": "3"})
        self.assertEqual(too_much.status_code, 400)
        self.assertIn("must be between 0 and", too_much.text)
        other = self.make_stop(self.driver_a)
        foreign = self.deliver(self.stop, partial="1", **{f"qty_{other.move_ids[0].id}": "1"})
        self.assertEqual(foreign.status_code, 400)
        self.assertEqual(self.snapshot(self.stop), before)
        self.assertEqual(self.stop.move_ids.mapped("quantity"), [2.0, 1.0], "reserved quantities untouched")

    def test_failed_goes_to_the_office_queue(self):
        reply = self.post(f"/driver/stop/{self.stop.id}/fail", {"reason_id": self.reason_absent.id, "note": "Closed"})
        self.assertEqual(reply.status_code, 303)
        self.assertTrue(reply.headers["Location"].endswith("/driver?done=failed"))
        self.stop.invalidate_recordset()
        self.assertEqual(self.stop.driver_state, "failed")
        self.assertFalse(self.stop.driver_id)
        self.assertFalse(self.stop.delivery_date)
        self.assertEqual(self.stop.failure_reason_id, self.reason_absent)
        self.assertEqual(self.stop.failed_by_id, self.driver_a)
        self.assertNotEqual(self.stop.state, "done")
        action = self.env.ref("driver_portal.action_delivery_to_reschedule")
        queue = self.env["stock.picking"].search([*ast.literal_eval(action.domain), ("driver_state", "=", "failed")])
        self.assertIn(self.stop, queue)
        self.assertTrue(self.stop.message_ids.filtered(lambda m: "Delivery failed" in (m.body or "")))
        # gone from the driver's day, and cannot be failed twice
        self.assertNotIn(f'data-stop-id="{self.stop.id}"', self.url_open("/driver").text)
        self.assertEqual(self.post(f"/driver/stop/{self.stop.id}/fail",
                                   {"reason_id": self.reason_absent.id}).status_code, 404)
        # the office plans it again: back on a driver's list
        self.stop.write({"driver_id": self.driver_b.id, "delivery_date": self.today})
        self.assertEqual(self.stop.driver_state, "todo")

    def test_failed_needs_a_reason_and_sometimes_a_note(self):
        before = self.snapshot(self.stop)
        url = f"/driver/stop/{self.stop.id}/fail"
        self.assertEqual(self.post(url, {"reason_id": ""}).status_code, 400)
        refused = self.env.ref("driver_portal.failure_reason_refused")
        reply = self.post(url, {"reason_id": refused.id, "note": " "})
        self.assertEqual(reply.status_code, 400)
        self.assertIn("needs a note", reply.text)
        self.assertEqual(self.snapshot(self.stop), before)

    def test_bad_uploads_store_nothing(self):
        before = self.snapshot(self.stop)
        script = b"#!/bin/sh\necho not an image\n"
        fake = self.deliver(self.stop, photos=[("photos", ("photo.jpg", script, "image/jpeg"))])
        self.assertEqual(fake.status_code, 400)
        self.assertIn("photo.jpg is not a photo", fake.text)
        oversize = b"\xff\xd8" + b"0" * (8 * 1024 * 1024)
        huge = self.deliver(self.stop, photos=[("photos", ("big.jpg", oversize, "image/jpeg"))])
        self.assertEqual(huge.status_code, 400)
        self.assertIn("big.jpg is too large", huge.text)
        as_json = self.deliver(self.stop, as_json=True,
                               photos=[("photos", ("doc.pdf", b"%PDF-1.4 fake", "application/pdf"))])
        self.assertEqual(as_json.status_code, 400)
        self.assertEqual(as_json.json()["code"], "image_not_image")
        blank = self.deliver(self.stop, signature="data:image/png;base64,")
        self.assertEqual(blank.status_code, 400)
        self.assertIn("sign in the box", blank.text)
        # implausible GPS values are dropped, the delivery still goes through
        for garbage, kept_position in (({"gps_time": "1e30"}, True), ({"latitude": "nan"}, False),
                                       ({"longitude": "inf"}, False)):
            other = self.make_stop(self.driver_a)
            self.assertEqual(self.deliver(other, **garbage).status_code, 303, garbage)
            self.assertFalse(other.delivery_gps_time)
            self.assertEqual(bool(other.delivery_latitude), kept_position, garbage)
        nameless = self.deliver(self.stop, recipient_name="  ")
        self.assertEqual(nameless.status_code, 400)
        self.assertEqual(self.snapshot(self.stop), before)
        self.assertEqual(self.stop.state, "assigned")

    def test_stop_page_details(self):
        page = self.url_open(f"/driver/stop/{self.stop.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_driver_deliver_form", page.text)
        self.assertEqual(len(re.findall(r'name="csrf_token"', page.text)), 3, "deliver, fail and pay forms")
        self.assertIn(self.reason_absent.name, page.text)
        self.assertIn("Padaria Central", page.text)
