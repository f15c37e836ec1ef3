from . import test_booked_stops
