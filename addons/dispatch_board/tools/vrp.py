"""The routing problem the board hands to a solver, and the answer it gets back.

Plain data, integer units (the caller picks them: metres and seconds for deliveries,
tenths of a Solomon unit for the benchmark). A solver adapter is a module with
``solve(problem, *, seconds, seed) -> Solution``; :func:`solve` picks the one named in
``SOLVERS`` so another solver (OR-Tools) can be swapped in without touching the callers.
"""

import importlib
from dataclasses import dataclass, field

HORIZON = 10**9  # "no limit" for windows and shifts, well inside every solver's int range


@dataclass(frozen=True)
class Stop:
    """A place to visit. ``location`` indexes the matrices; ``demand`` follows the
    vehicles' ``capacity`` dimensions; ``window`` bounds the start of service."""

    key: object
    location: int
    demand: tuple = ()
    service: int = 0
    window: tuple = (0, HORIZON)
    required: bool = True


@dataclass(frozen=True)
class Vehicle:
    """A driver-day (or ``count`` identical ones): starts at ``start``, ends at ``end``
    (matrix indexes of depots), works within ``shift`` (absolute times)."""

    key: object
    start: int = 0
    end: int = 0
    capacity: tuple = ()
    max_stops: int | None = None
    shift: tuple = (0, HORIZON)
    count: int = 1


@dataclass
class Problem:
    distance: list  # square matrix (list of lists or numpy array), integer units
    duration: list
    stops: list
    vehicles: list
    # cost of one unit of duration relative to one unit of distance (0 = distance only)
    duration_weight: int = 0


@dataclass
class Route:
    vehicle: object
    stops: list  # stop keys in visiting order
    distance: int = 0
    duration: int = 0
    starts: list = field(default_factory=list)  # service start time at each stop


@dataclass
class Solution:
    routes: list
    unassigned: list  # stop keys the solver could not fit
    feasible: bool = True
    seconds: float = 0.0

    @property
    def distance(self):
        return sum(route.distance for route in self.routes)

    @property
    def vehicles_used(self):
        return sum(1 for route in self.routes if route.stops)


SOLVERS = {"pyvrp": "vrp_pyvrp"}
DEFAULT_SOLVER = "pyvrp"


def solve(problem, *, seconds=5.0, seed=1, solver=DEFAULT_SOLVER):
    """Solve ``problem`` within ``seconds`` of wall time with the named adapter."""
    adapter = importlib.import_module(f"{__package__}.{SOLVERS[solver]}")
    return adapter.solve(problem, seconds=seconds, seed=seed)


def route_cost(problem, start, keys, end, *, start_time=0):
    """Distance, duration, service starts and broken windows of visiting ``keys`` in
    this order from location ``start`` to ``end``, leaving at ``start_time`` (waiting
    when early). Used to price the order a dispatcher typed, before and after."""
    stops = {stop.key: stop for stop in problem.stops}
    distance, now, here, starts, late = 0, start_time, start, [], []
    for key in keys:
        stop = stops[key]
        distance += problem.distance[here][stop.location]
        now = max(now + problem.duration[here][stop.location], stop.window[0])
        if now > stop.window[1]:
            late.append(key)
        starts.append(now)
        now += stop.service
        here = stop.location
    distance += problem.distance[here][end]
    now += problem.duration[here][end]
    return {"distance": int(distance), "duration": int(now - start_time), "starts": starts, "late": late}
