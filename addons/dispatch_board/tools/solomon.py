"""Solomon VRPTW instances (M. M. Solomon, Operations Research 35(2), 1987) as
:class:`.vrp.Problem`, with the convention of the exact-method papers whose optima are
quoted in ``best_known.csv``: Euclidean distances truncated to one decimal (we count in
tenths, so the arithmetic stays exact), travel time = distance, fleet size free.

Also the plans a dispatcher gets without optimisation, for the side-by-side figures:
stops in sequence (customer number) or by postcode, poured into trucks in that order.
"""

import csv
import math
import pathlib

from .vrp import Problem, Stop, Vehicle, route_cost

SCALE = 10  # tenths


def read_instance(path, customers=None):
    """(capacity, rows) of a Solomon file; rows are dicts, the depot first."""
    path = pathlib.Path(path)
    capacity, rows = None, []
    for line in path.read_text().splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "#" and parts[1] == "VEHICLE_CAPACITY":
            capacity = int(parts[2])
        elif parts[0].isdigit():
            no, x, y, demand, ready, due, service = (float(p) for p in parts[:7])
            rows.append({"no": int(no), "x": x, "y": y, "demand": int(demand),
                         "ready": int(ready), "due": int(due), "service": int(service)})
    if customers is not None:
        rows = rows[: customers + 1]
    return capacity, rows


def truncated_matrix(rows):
    """Euclidean distances in tenths, truncated (not rounded)."""
    return [[math.floor(math.hypot(a["x"] - b["x"], a["y"] - b["y"]) * SCALE + 1e-9) for b in rows]
            for a in rows]


def problem(path, customers=None):
    capacity, rows = read_instance(path, customers)
    matrix = truncated_matrix(rows)
    depot = rows[0]
    stops = [Stop(key=row["no"], location=i, demand=(row["demand"],), service=row["service"] * SCALE,
                  window=(row["ready"] * SCALE, row["due"] * SCALE))
             for i, row in enumerate(rows) if i]
    vehicles = [Vehicle(key="truck", capacity=(capacity,), shift=(depot["ready"] * SCALE, depot["due"] * SCALE),
                        count=len(stops))]
    return Problem(distance=matrix, duration=matrix, stops=stops, vehicles=vehicles), rows


def best_known(csv_path):
    """{"C102.25": (vehicles, distance)} for the rows with a proven optimum."""
    optima = {}
    with open(csv_path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["source_kind"] == "optimal" and row["distance"] != "NA":
                optima[row["problem"]] = (int(row["vehicles"]), float(row["distance"]))
    return optima


def postcode(row, cell=10):
    """A stand-in postcode: Solomon customers have none, so the 10 x 10 grid cell they
    lie in plays the postcode district a dispatcher sorts by."""
    return (int(row["y"] // cell), int(row["x"] // cell))


def naive_plan(prob, rows, order_key):
    """Stops sorted by ``order_key(row)``, poured into trucks as a dispatcher fills them
    (next truck when the load would not fit): (distance, trucks, broken windows)."""
    capacity = prob.vehicles[0].capacity[0]
    by_no = {row["no"]: row for row in rows}
    routes, current, load = [], [], 0
    for stop in sorted(prob.stops, key=lambda s: order_key(by_no[s.key])):
        if current and load + stop.demand[0] > capacity:
            routes.append(current)
            current, load = [], 0
        current.append(stop.key)
        load += stop.demand[0]
    if current:
        routes.append(current)
    distance = late = 0
    for keys in routes:
        cost = route_cost(prob, 0, keys, 0, start_time=prob.vehicles[0].shift[0])
        distance += cost["distance"]
        late += len(cost["late"])
    return distance, len(routes), late
