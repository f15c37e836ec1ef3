# The mixin first: the wizard and the orders inherit it.
from . import logistics_distance_mixin  # isort: skip
from . import (
    base_geocoder,
    choose_delivery_carrier,
    delivery_carrier,
    logistics_distance,
    logistics_distance_band,
    logistics_geocode_cache,
    res_config_settings,
    res_partner,
    sale_order,
    stock_picking,
)
