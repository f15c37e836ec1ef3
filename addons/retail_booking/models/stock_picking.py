from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    retail_booking_id = fields.Many2one("retail.booking", string="Unloading Booking", index="btree_not_null",
                                        copy=False, tracking=True)
    retail_booking_state = fields.Selection(related="retail_booking_id.state", string="Booking Status")
    retail_booking_protocol = fields.Char(related="retail_booking_id.protocol", string="Booking Protocol")
    retail_booking_window_start = fields.Datetime(related="retail_booking_id.window_start",
                                                  string="Unloading Window")

    def action_retail_booking_create(self):
        """A draft booking for these deliveries (one load to one distribution centre),
        its retailer, DC, account and purchase orders filled in from the pickings."""
        self.check_access("write")
        self.env["retail.booking"].check_access("create")
        if self.filtered("retail_booking_id").retail_booking_id.filtered(lambda b: b.state != "cancelled"):
            raise UserError(self.env._("These deliveries already have a booking."))
        if any(picking.picking_type_code != "outgoing" or picking.state in ("done", "cancel") for picking in self):
            raise UserError(self.env._("Only open deliveries can be booked."))
        partners = self.partner_id
        dc = self.env["retail.distribution.center"].search(
            ["|", ("partner_id", "in", partners.ids), ("partner_id", "in", partners.commercial_partner_id.ids)])
        if len(dc) != 1 or len(partners) != 1:
            raise UserError(self.env._(
                "A booking is for deliveries to one retailer distribution centre: set the DC's delivery "
                "address to these deliveries' customer address (Configuration → Distribution Centres)."))
        account = self.env["retail.portal.account"].search([("retailer_id", "=", dc.retailer_id.id)], limit=1)
        if not account:
            raise UserError(self.env._("%s has no portal account (Configuration → Portal Accounts).",
                                       dc.retailer_id.name))
        vehicle = self.env["retail.vehicle.type"].search([], limit=1)
        start = max(self.mapped("scheduled_date"))
        booking = self.env["retail.booking"].create({
            "retailer_id": dc.retailer_id.id, "dc_id": dc.id, "account_id": account.id,
            "vehicle_type_id": vehicle.id, "window_start": start,
            "window_end": fields.Datetime.add(start, hours=1),
            "po_numbers": ", ".join(filter(None, self.sale_id.mapped("client_order_ref"))) or False,
        })
        self.write({"retail_booking_id": booking.id})
        return {
            "type": "ir.actions.act_window", "res_model": "retail.booking", "res_id": booking.id,
            "view_mode": "form", "target": "current",
        }
