from . import (
    test_access,
    test_batch,
    test_distance_carrier,
    test_geocoding,
    test_picking,
    test_rate_side_effects,
    test_rpc_helpers,
)
