import pytest

from odoo.addons.logistics_delivery.tools.pricing import DistanceTariff, OutOfArea

BANDS = ((10, 2.0), (50, 1.5), (None, 1.0))


def tariff(**kw):
    return DistanceTariff(**{"km_bands": BANDS, **kw})


@pytest.mark.parametrize(
    ("km", "expected"),
    [
        (0, 0.0),
        (5, 10.0),
        (10, 20.0),  # exactly the first limit: all at the first rate
        (10.0001, 20.00015),
        (30, 10 * 2.0 + 20 * 1.5),
        (50, 10 * 2.0 + 40 * 1.5),  # exactly the second limit
        (80, 10 * 2.0 + 40 * 1.5 + 30 * 1.0),
    ],
)
def test_progressive_bands(km, expected):
    assert tariff().price(km) == pytest.approx(expected)


def test_price_never_drops_as_distance_grows():
    t = tariff(base_fee=5)
    prices = [t.price(km / 4) for km in range(0, 400)]
    assert prices == sorted(prices)


def test_last_limited_band_rate_goes_on():
    t = DistanceTariff(km_bands=((10, 2.0), (20, 1.0)))
    assert t.price(30) == pytest.approx(10 * 2.0 + 10 * 1.0 + 10 * 1.0)


def test_base_fee_minimum_and_zero_distance():
    assert tariff(base_fee=7).price(0) == 7
    assert tariff(base_fee=1, min_price=15).price(2) == 15  # 1 + 4 < 15
    assert tariff(base_fee=1, min_price=15).price(10) == 21


def test_round_trip_doubles_the_priced_distance_not_the_area():
    t = tariff(round_trip=True, max_km=30)
    assert t.price(30) == pytest.approx(tariff().price(60))
    with pytest.raises(OutOfArea):
        t.price(30.01)


def test_max_distance_is_inclusive_and_out_of_area_says_so():
    t = tariff(max_km=50)
    assert t.price(50) == pytest.approx(80.0)
    with pytest.raises(OutOfArea, match=r"50\.0 km") as caught:
        t.price(50.5)
    assert caught.value.distance_km == 50.5


@pytest.mark.parametrize(
    ("kg", "surcharge"), [(0, 0.0), (10, 0.0), (10.5, 5.0), (100, 5.0), (100.1, 20.0), (5000, 20.0)]
)
def test_weight_bands(kg, surcharge):
    t = DistanceTariff(weight_bands=((10, 0.0), (100, 5.0), (None, 20.0)))
    assert t.price(0, kg) == surcharge


def test_weight_above_every_limited_band_has_no_surcharge():
    assert DistanceTariff(weight_bands=((10, 3.0),)).price(0, 11) == 0.0


@pytest.mark.parametrize(
    "bands",
    [((None, 1.0), (10, 2.0)), ((10, 1.0), (10, 2.0)), ((20, 1.0), (10, 2.0)), ((0, 1.0),), ((-5, 1.0),)],
)
def test_inconsistent_bands_are_refused(bands):
    with pytest.raises(ValueError, match="band"):
        DistanceTariff(km_bands=bands)


def test_negative_distance_refused():
    with pytest.raises(ValueError):
        tariff().price(-1)
