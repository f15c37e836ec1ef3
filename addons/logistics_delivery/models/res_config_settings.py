from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    logistics_google_api_key = fields.Char(
        string="Google Maps API Key", config_parameter="logistics_delivery.google_api_key",
        groups="base.group_system",
        help="Used for geocoding and road distances. Without a key, addresses are located with "
             "OpenStreetMap and distances are straight-line distances times the road factor.")
    logistics_distance_source = fields.Selection(
        [("routes", "Google Routes API (computeRouteMatrix)"),
         ("legacy", "Google Distance Matrix API (legacy keys)"),
         ("haversine", "Straight line x road factor (no Google calls)")],
        string="Road Distance Source", default="routes",
        config_parameter="logistics_delivery.distance_source",
        help="The legacy Distance Matrix API cannot be enabled on new Google Cloud projects; "
             "keep it only for existing keys.")
    logistics_road_factor = fields.Float(
        string="Road Factor", default=1.3, digits=(4, 2),
        config_parameter="logistics_delivery.road_factor",
        help="Straight-line distance x this factor estimates the road distance when Google "
             "is not configured or does not answer.")
    logistics_default_carrier_id = fields.Many2one(
        "delivery.carrier", string="Default Delivery Method",
        config_parameter="logistics_delivery.default_carrier_id",
        help="Proposed first when adding shipping to a quotation.")
