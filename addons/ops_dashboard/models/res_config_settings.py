from odoo import fields, models

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ops_dashboard_tile_url = fields.Char(
        string="Map Tiles URL", config_parameter="ops_dashboard.tile_url", default=DEFAULT_TILE_URL,
        help="Leaflet tile URL template ({z}/{x}/{y}) of the dashboard's map. OpenStreetMap by default.")
    ops_dashboard_weather_contact = fields.Char(
        string="Weather Contact", config_parameter="ops_dashboard.weather_contact",
        help="E-mail or website sent to the National Weather Service in the User-Agent, as it asks. "
             "Empty: this database's URL.")
