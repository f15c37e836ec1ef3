from . import (
    account_move,
    account_payment_register,
    freight_cte,
    freight_cte_inbox,
    freight_rate,
    stock_picking,
)
