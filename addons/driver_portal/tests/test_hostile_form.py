from odoo.tests import tagged

from .common import DriverPortalCase


@tagged("post_install", "-at_install")
class TestHostileForm(DriverPortalCase):
    """Ids in form fields that are "digits" for str.isdigit() but not for int()
    (superscripts, more digits than Python converts) are no ids: a clear answer, never a
    500 (found by make fuzz)."""

    NOT_INTEGERS = ("²", "9" * 5000)

    def setUp(self):
        super().setUp()
        self.stop = self.make_stop(self.driver_a)
        self.login_a()

    def test_failure_reason_not_an_integer(self):
        before = self.snapshot(self.stop)
        for value in self.NOT_INTEGERS:
            with self.subTest(value=value[:5]):
                reply = self.post(f"/driver/stop/{self.stop.id}/fail", {"reason_id": value}, as_json=True)
                self.assertEqual(reply.status_code, 400)
                self.assertEqual(reply.json()["code"], "invalid")
        self.assertEqual(self.snapshot(self.stop), before)

    def test_partial_quantity_line_not_an_integer(self):
        # ignored like any field that names no line ("qty_abc"): the delivery goes through
        for value in self.NOT_INTEGERS:
            with self.subTest(value=value[:5]):
                stop = self.make_stop(self.driver_a)
                reply = self.deliver(stop, as_json=True, partial="1", **{f"qty_{value}": "1"})
                self.assertEqual(reply.status_code, 200, reply.text[:300])
                self.assertEqual(reply.json()["code"], "delivered")
