"""Delivery price from a road distance: plain Python, no ORM, so that the rules can be
tested exhaustively and reused by the benchmark.

Rules (all amounts in the carrier company's currency):

* the **priced distance** is the one-way distance, doubled for a round trip;
* per-km **bands** are progressive, like tax brackets: with bands "up to 10 km at 2.00"
  and "up to 50 km at 1.50", 30 km cost 10 x 2.00 + 20 x 1.50. A band without a limit
  (``None``) covers everything beyond; past the last limited band, the last band's rate
  applies, so a price never drops when a distance grows;
* a **weight surcharge** is taken from the first weight band whose limit is >= the
  weight (a band without limit catches the rest); no band matches -> no surcharge;
* price = max(minimum price, base fee + distance part + weight surcharge);
* a one-way distance above the **maximum distance** (when set) is out of the delivery
  area: :class:`OutOfArea` is raised rather than a price.
"""

from dataclasses import dataclass


class OutOfArea(ValueError):
    """The destination is farther than the carrier's maximum delivery distance."""

    def __init__(self, distance_km, max_km):
        super().__init__(f"{distance_km:.1f} km is beyond the maximum delivery distance of {max_km:.1f} km")
        self.distance_km = distance_km
        self.max_km = max_km


@dataclass(frozen=True)
class DistanceTariff:
    """A carrier's distance pricing rules.

    ``km_bands``: sequence of ``(up_to_km or None, price_per_km)``;
    ``weight_bands``: sequence of ``(up_to_kg or None, surcharge)``.
    """

    base_fee: float = 0.0
    km_bands: tuple = ()
    min_price: float = 0.0
    max_km: float = 0.0  # 0 = no limit
    round_trip: bool = False
    weight_bands: tuple = ()

    def __post_init__(self):
        for bands, unit in ((self.km_bands, "km"), (self.weight_bands, "kg")):
            limits = [limit for limit, _rate in bands]
            if None in limits[:-1]:
                raise ValueError(f"only the last {unit} band may be open-ended")
            bounded = [limit for limit in limits if limit is not None]
            if any(limit <= 0 for limit in bounded) or bounded != sorted(set(bounded)):
                raise ValueError(f"{unit} band limits must be positive and strictly increasing")

    def distance_part(self, priced_km):
        """Progressive per-km amount for ``priced_km`` kilometres."""
        amount, lower = 0.0, 0.0
        rate = 0.0
        for up_to, rate in self.km_bands:
            upper = priced_km if up_to is None else min(priced_km, up_to)
            if upper > lower:
                amount += (upper - lower) * rate
            if up_to is None or priced_km <= up_to:
                return amount
            lower = up_to
        # beyond the last limited band: its rate goes on
        return amount + max(0.0, priced_km - lower) * rate

    def weight_surcharge(self, weight_kg):
        for up_to, surcharge in self.weight_bands:
            if up_to is None or weight_kg <= up_to:
                return surcharge
        return 0.0

    def price(self, distance_km, weight_kg=0.0):
        """Price of a delivery ``distance_km`` away (one way) weighing ``weight_kg``."""
        if distance_km < 0:
            raise ValueError("distance cannot be negative")
        if self.max_km and distance_km > self.max_km:
            raise OutOfArea(distance_km, self.max_km)
        priced_km = distance_km * (2 if self.round_trip else 1)
        total = self.base_fee + self.distance_part(priced_km) + self.weight_surcharge(weight_kg)
        return max(self.min_price, total)
