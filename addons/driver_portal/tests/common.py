"""Factories for the driver portal tests: drivers, customers, confirmed sale orders
whose delivery is assigned to a driver, test images, and an HTTP helper that posts
forms with the session's CSRF token."""

import base64
import io
import re

from PIL import Image, ImageDraw

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

CSRF_RE = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')


def png_signature():
    """A drawn signature: a dark stroke on a transparent canvas, as the pad sends it."""
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 80), (100, 20), (200, 70), (290, 10)], fill=(10, 30, 70, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_photo_with_exif():
    """A phone photo carrying EXIF (camera make and a GPS block) to be stripped."""
    image = Image.new("RGB", (640, 480), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyPhone"  # Make
    exif[0x0110] = "Model X"  # Model
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


class DriverPortalCase(HttpCase):
    """Two drivers, a plain portal user, a located customer and a cash journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.driver_a = new_test_user(env, login="drv_a", password="drv_a_pw1", name="Driver A",
                                     groups="driver_portal.group_delivery_driver")
        cls.driver_b = new_test_user(env, login="drv_b", password="drv_b_pw1", name="Driver B",
                                     groups="driver_portal.group_delivery_driver")
        cls.portal_user = new_test_user(env, login="drv_portal", password="drv_portal_pw1",
                                        groups="base.group_portal")
        cls.customer = env["res.partner"].create({
            "name": "Padaria Central", "street": "Rua Augusta 100", "city": "São Paulo", "zip": "01304-000",
            "phone": "+55 11 3333-4444", "partner_latitude": -23.5505, "partner_longitude": -46.6333,
        })
        cls.product_water = env["product.product"].create({
            "name": "Water 20 L", "type": "consu", "list_price": 10.0, "invoice_policy": "order", "taxes_id": False,
        })
        cls.product_gas = env["product.product"].create({
            "name": "Gas 13 kg", "type": "consu", "list_price": 100.0, "invoice_policy": "order", "taxes_id": False,
        })
        cls.cash_journal = env["account.journal"].create({"name": "Drivers cash", "type": "cash", "code": "DRVC"})
        cls.bank_journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1)
        env.company.write({"driver_cash_journal_id": cls.cash_journal.id,
                           "driver_bank_journal_id": cls.bank_journal.id})
        cls.today = fields.Date.context_today(cls.driver_a)
        cls.reason_absent = env.ref("driver_portal.failure_reason_absent")

    @classmethod
    def make_stop(cls, driver, sequence=10, lines=None, day=None, partner=None):
        """A confirmed sale order whose delivery is assigned to ``driver``.

        :param lines: list of ``(product, quantity)``; default 2 water + 1 gas (120.00)
        :returns: the delivery picking
        """
        lines = lines or [(cls.product_water, 2), (cls.product_gas, 1)]
        order = cls.env["sale.order"].create({
            "partner_id": (partner or cls.customer).id,
            "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
        })
        order.action_confirm()
        picking = order.picking_ids
        picking.write({"driver_id": driver.id if driver else False, "delivery_date": day or cls.today,
                       "delivery_sequence": sequence})
        return picking

    @classmethod
    def invoice_order(cls, picking):
        invoice = picking.sale_id._create_invoices()
        invoice.action_post()
        return invoice

    # -- HTTP helpers ------------------------------------------------------------------

    def login(self, user, password):
        self.authenticate(user.login, password)
        self._csrf = None

    def login_a(self):
        self.login(self.driver_a, "drv_a_pw1")

    def login_b(self):
        self.login(self.driver_b, "drv_b_pw1")

    def csrf(self):
        """The session's CSRF token, read from a portal page's form."""
        if not self._csrf:
            page = self.url_open("/my")
            self._csrf = CSRF_RE.search(page.text).group(1)
        return self._csrf

    def post(self, url, data=None, files=None, with_csrf=True, as_json=False):
        data = dict(data or {})
        if with_csrf:
            data["csrf_token"] = self.csrf()
        headers = {"Accept": "application/json"} if as_json else None
        return self.url_open(url, data=data, files=files, headers=headers, allow_redirects=False)

    def deliver(self, picking, photos=None, as_json=False, **extra):
        """Post the Delivered form of ``picking`` with a signature, one photo and GPS."""
        data = {
            "recipient_name": "Maria Recebedora",
            "signature": "data:image/png;base64," + base64.b64encode(png_signature()).decode(),
            "notes": "Left at the counter", "latitude": "-23.5506", "longitude": "-46.6334",
            "accuracy": "8", "gps_time": "1763800000000", **extra,
        }
        if photos is None:
            photos = [("photos", ("front-door.jpg", jpeg_photo_with_exif(), "image/jpeg"))]
        return self.post(f"/driver/stop/{picking.id}/deliver", data, files=photos or None, as_json=as_json)

    def snapshot(self, picking):
        """What a refused request must leave unchanged."""
        picking.invalidate_recordset()
        return {
            "state": picking.state, "driver_state": picking.driver_state, "driver": picking.driver_id.id,
            "attachments": self.env["ir.attachment"].search_count(
                [("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]),
            "messages": len(picking.message_ids),
            "payments": self.env["account.payment"].search_count([("driver_picking_id", "=", picking.id)]),
            "positions": self.env["driver.position"].search_count([]),
        }
