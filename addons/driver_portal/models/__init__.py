from . import (
    account_payment,
    driver_failure_reason,
    driver_position,
    res_company,
    res_config_settings,
    res_users,
    stock_picking,
    stock_picking_payment,
    stock_picking_portal,
    stock_picking_proof,
    stock_picking_validation,
)
