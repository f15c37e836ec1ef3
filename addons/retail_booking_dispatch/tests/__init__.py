from . import test_booked_stops, test_tour
