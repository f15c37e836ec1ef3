import pytest

from odoo.addons.logistics_delivery.tools.geo import haversine_km

# Great-circle distances (km) between city centres, spherical Earth (R = 6371.0088 km).
CITY_PAIRS = [
    ("São Paulo-Rio de Janeiro", (-23.5505, -46.6333), (-22.9068, -43.1729), 360.7),
    ("New York-Boston", (40.7128, -74.0060), (42.3601, -71.0589), 306.1),
    ("Brasília-Salvador", (-15.7939, -47.8828), (-12.9777, -38.5016), 1057.7),
]


@pytest.mark.parametrize(("label", "a", "b", "expected"), CITY_PAIRS, ids=[c[0] for c in CITY_PAIRS])
def test_known_city_pairs_within_half_percent(label, a, b, expected):
    got = haversine_km(*a, *b)
    assert got == pytest.approx(expected, rel=0.005)
    assert haversine_km(*b, *a) == pytest.approx(got, abs=1e-9)


def test_zero_distance():
    assert haversine_km(-23.5, -46.6, -23.5, -46.6) == 0.0


@pytest.mark.parametrize("coords", [(91, 0, 0, 0), (0, 0, -90.5, 0), (0, 181, 0, 0), (0, 0, 0, -180.1)])
def test_out_of_range_coordinates_are_refused(coords):
    with pytest.raises(ValueError, match="out of range"):
        haversine_km(*coords)
