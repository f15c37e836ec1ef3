"""Plain-Python geometry for delivery pricing (no ORM, no I/O)."""

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG), the usual haversine constant


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres between two WGS84 points given in degrees.

    Used when no road distance can be had (no API key, provider outage): the caller
    multiplies it by a road factor. Raises ValueError on coordinates out of range, so a
    corrupt pin never prices an order.
    """
    for lat in (lat1, lat2):
        if not -90.0 <= lat <= 90.0:
            raise ValueError(f"latitude out of range: {lat}")
    for lon in (lon1, lon2):
        if not -180.0 <= lon <= 180.0:
            raise ValueError(f"longitude out of range: {lon}")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
