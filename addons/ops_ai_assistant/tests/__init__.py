from . import (
    test_access,
    test_customer,
    test_delivery,
    test_loop,
    test_replay,
    test_rpc,
    test_staff,
    test_staff_actions,
)
