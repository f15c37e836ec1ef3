"""Dispatch test set-up: a located warehouse, two drivers with vehicles, customers
around it, and a factory for outgoing deliveries (real pickings, confirmed)."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user

# (name, latitude, longitude) around the warehouse in São Paulo, a few km apart
PLACES = [
    ("Padaria Norte", -23.5200, -46.6300), ("Mercado Leste", -23.5500, -46.5900),
    ("Bar Sul", -23.5900, -46.6350), ("Loja Oeste", -23.5550, -46.6800),
    ("Café Centro", -23.5480, -46.6400), ("Açougue Vila", -23.5300, -46.6000),
    ("Adega Morro", -23.5750, -46.6650), ("Feira Alta", -23.5350, -46.6700),
]
DEPOT = (-23.5505, -46.6333)


class DispatchCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.day = date.today() + timedelta(days=7)
        cls.company = env.company
        cls.company.write({"dispatch_solver_seconds": 1, "dispatch_shift_start": 8.0, "dispatch_shift_end": 18.0,
                           "dispatch_window_start": 8.0, "dispatch_window_end": 18.0, "dispatch_service_minutes": 10})
        env["ir.config_parameter"].sudo().set_param("logistics_delivery.google_api_key", "")
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.warehouse.partner_id.write({"partner_latitude": DEPOT[0], "partner_longitude": DEPOT[1]})
        cls.dispatcher = new_test_user(env, login="disp_dispatcher", password="disp_dispatcher_pw1",
                                       name="Dora Dispatcher", groups="dispatch_board.group_dispatcher")
        cls.driver_a = new_test_user(env, login="disp_drv_a", password="disp_drv_a_pw1", name="Ana Driver",
                                     groups="driver_portal.group_delivery_driver")
        cls.driver_b = new_test_user(env, login="disp_drv_b", password="disp_drv_b_pw1", name="Bruno Driver",
                                     groups="driver_portal.group_delivery_driver")
        cls.portal_user = new_test_user(env, login="disp_portal", password="disp_portal_pw1",
                                        groups="base.group_portal")
        model = env["fleet.vehicle.model"].create({
            "name": "Van", "brand_id": env["fleet.vehicle.model.brand"].create({"name": "DispatchMotors"}).id})
        cls.van_a, cls.van_b = env["fleet.vehicle"].create([
            {"model_id": model.id, "license_plate": "DSP-0001", "driver_id": cls.driver_a.partner_id.id},
            {"model_id": model.id, "license_plate": "DSP-0002", "driver_id": cls.driver_b.partner_id.id},
        ])
        cls.customers = env["res.partner"].create([
            {"name": name, "city": "São Paulo", "partner_latitude": lat, "partner_longitude": lng}
            for name, lat, lng in PLACES])
        cls.at_depot = env["res.partner"].create({
            "name": "Next Door", "partner_latitude": DEPOT[0], "partner_longitude": DEPOT[1]})
        cls.heavy = env["product.product"].create({"name": "Sack 1 kg", "type": "consu", "weight": 1.0})
        cls.bulky = env["product.product"].create({"name": "Foam 10 L", "type": "consu", "volume": 0.01})
        cls.out_type = cls.warehouse.out_type_id
        cls.board = env["dispatch.board"].with_user(cls.dispatcher)

    @classmethod
    def make_stop(cls, partner, *, product=None, qty=1.0, driver=None, day=None, sequence=10, window=None):
        vals = {
            "picking_type_id": cls.out_type.id, "partner_id": partner.id,
            "location_id": cls.out_type.default_location_src_id.id,
            "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
            "move_ids": [Command.create({
                "product_id": (product or cls.heavy).id, "product_uom_qty": qty,
                "location_id": cls.out_type.default_location_src_id.id,
                "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
            })],
        }
        picking = cls.env["stock.picking"].create(vals)
        picking.action_confirm()
        extra = {"driver_id": driver.id if driver else False, "delivery_date": day or False,
                 "delivery_sequence": sequence}
        if window:
            extra.update(delivery_window_start=window[0], delivery_window_end=window[1])
        picking.write(extra)
        return picking

    def lane(self, driver, day=None):
        return f"{driver.id if driver else 0}|{(day or self.day).isoformat() if driver else ''}"

    def versions(self, *keys):
        return self.env["dispatch.day"]._versions(list(keys))

    def save(self, lanes, *, sources=(), confirm=False, user=None):
        """save_lanes as the dispatcher, with the current versions of the lanes touched."""
        board = self.env["dispatch.board"].with_user(user or self.dispatcher)
        pickings = self.env["stock.picking"].browse([pid for _key, ids in lanes for pid in ids])
        keys = {key for key, _ids in lanes} | {board._lane_key(p) for p in pickings} | set(sources)
        return board.save_lanes([{"key": key, "stops": ids} for key, ids in lanes], self.versions(*sorted(keys)),
                                confirm=confirm)
