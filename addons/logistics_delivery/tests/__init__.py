from . import test_access, test_batch, test_distance_carrier, test_geocoding, test_picking
