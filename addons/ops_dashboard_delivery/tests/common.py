from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.ops_dashboard.tests.common import DashboardCase


class DeliveriesCase(DashboardCase):
    """Stops of today and the days before, in two companies, with known figures:

    main company, today: 3 planned (2 left for driver A, 1 delivered on time), 1 failed
    today (to reschedule), 1 late (planned yesterday); delivered late 3 days ago: 1.
    Other company: 1 planned today.
    """

    viewer_groups = ("ops_dashboard.group_dashboard_viewer,stock.group_stock_manager,account.group_account_invoice,"
                     "logistics_delivery.group_logistics_user,sales_team.group_sale_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.driver_a = new_test_user(env, login="dash_drv_a", password="dash_drv_a_pw1", name="Driver A",
                                     groups="driver_portal.group_delivery_driver", company_id=cls.company.id,
                                     company_ids=[cls.company.id])
        cls.driver_b = new_test_user(env, login="dash_drv_b", password="dash_drv_b_pw1", name="Driver B",
                                     groups="driver_portal.group_delivery_driver", company_id=cls.company.id,
                                     company_ids=[cls.company.id])
        cls.customer = env["res.partner"].create({"name": "Padaria Central", "partner_latitude": -23.55,
                                                  "partner_longitude": -46.63})
        cls.today = fields.Date.context_today(cls.viewer)
        now = fields.Datetime.now()
        cls.other_company = env["res.company"].create({"name": "Dash Second Co"})
        cls.planned_a1 = cls.stop(driver=cls.driver_a, day=cls.today)
        cls.planned_a2 = cls.stop(driver=cls.driver_a, day=cls.today, sequence=20)
        cls.delivered = cls.stop(driver=cls.driver_b, day=cls.today, driver_state="delivered", delivered_at=now)
        cls.cancelled = cls.stop(driver=cls.driver_b, day=cls.today, state="cancel")
        cls.failed = cls.stop(driver_state="failed", failed_at=now)
        cls.late = cls.stop(driver=cls.driver_b, day=cls.today - timedelta(days=1))
        cls.delivered_late = cls.stop(driver=cls.driver_b, day=cls.today - timedelta(days=5), driver_state="delivered",
                                      delivered_at=now - timedelta(days=3))
        cls.other_stop = cls.stop(driver=cls.driver_a, day=cls.today, company=cls.other_company)
        env["driver.position"].create({"driver_id": cls.driver_a.id, "latitude": -23.5, "longitude": -46.6,
                                       "company_id": cls.company.id})

    @classmethod
    def stop(cls, driver=None, day=None, sequence=10, company=None, state=None, **values):
        company = company or cls.company
        picking_type = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).out_type_id
        picking = cls.env["stock.picking"].with_company(company).create({
            "picking_type_id": picking_type.id, "partner_id": cls.customer.id, "company_id": company.id,
            "location_id": picking_type.default_location_src_id.id,
            "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
        })
        picking.write(dict(values, driver_id=driver.id if driver else False, delivery_date=day,
                           delivery_sequence=sequence))
        if state:
            # a cancelled stop, as the office leaves it (no move to cancel)
            picking.flush_recordset()
            cls.env.cr.execute("UPDATE stock_picking SET state = %s WHERE id = %s", [state, picking.id])
            picking.invalidate_recordset(["state"])
        return picking
