from . import (
    account_payment,
    driver_failure_reason,
    driver_position,
    res_company,
    res_config_settings,
    res_users,
    stock_picking,
)
