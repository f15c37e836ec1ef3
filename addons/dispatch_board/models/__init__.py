from . import (
    res_company, res_config_settings, res_partner, res_users, fleet_vehicle, stock_picking,
    dispatch_day, dispatch_travel_cache, dispatch_plan, dispatch_plan_route, dispatch_plan_unfit,
    dispatch_board, dispatch_board_plan,
)
