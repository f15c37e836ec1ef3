"""PyVRP adapter for :mod:`.vrp` (https://pyvrp.org, iterated local search, MIT).

Optional stops carry a prize larger than any detour, so the solver keeps every stop
that fits and drops only those that cannot (capacity, window, shift): the caller lists
them. A ``max_stops`` limit is one more load dimension (each stop weighs 1).
"""

import time

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, VehicleType
from pyvrp import solve as pyvrp_solve
from pyvrp.stop import MaxRuntime

from .vrp import HORIZON, Route, Solution


def _matrix(values):
    return np.asarray(values, dtype=np.int64)


def _dimensions(problem):
    width = max([len(s.demand) for s in problem.stops] + [len(v.capacity) for v in problem.vehicles] + [0])
    with_stops = any(v.max_stops is not None for v in problem.vehicles)
    return width, with_stops


def _build(problem):
    distance, duration = _matrix(problem.distance), _matrix(problem.duration)
    depot_locations = sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
    depot_index = {loc: i for i, loc in enumerate(depot_locations)}
    order = depot_locations + [s.location for s in problem.stops]
    sub = np.ix_(order, order)
    width, with_stops = _dimensions(problem)
    # a prize above any detour (twice the longest edge) keeps optional stops when they fit
    prize = int(2 * max(int(distance.max()), 1) + problem.duration_weight * 2 * int(duration.max()) + 1)

    def load(values, ones):
        values = list(values) + [0] * (width - len(values))
        return values + ([ones] if with_stops else [])

    clients = [
        Client(location=len(depot_locations) + i, delivery=load(s.demand, 1), service_duration=int(s.service),
               tw_early=int(s.window[0]), tw_late=int(min(s.window[1], HORIZON)),
               required=s.required, prize=0 if s.required else prize)
        for i, s in enumerate(problem.stops)
    ]
    big = 10**9
    vehicle_types = [
        VehicleType(
            num_available=v.count,
            capacity=load([c if c is not None else big for c in v.capacity] + [big] * (width - len(v.capacity)),
                          v.max_stops if v.max_stops is not None else big),
            start_depot=depot_index[v.start], end_depot=depot_index[v.end],
            tw_early=int(v.shift[0]), tw_late=int(min(v.shift[1], HORIZON)),
            unit_duration_cost=problem.duration_weight,
        )
        for v in problem.vehicles
    ]
    data = ProblemData(
        locations=[Location(0, 0) for _ in order],
        clients=clients,
        depots=[Depot(location=i) for i in range(len(depot_locations))],
        vehicle_types=vehicle_types,
        distance_matrices=[distance[sub]],
        duration_matrices=[duration[sub]],
    )
    return data


def solve(problem, *, seconds=5.0, seed=1):
    started = time.monotonic()
    if not problem.stops:
        routes = [Route(vehicle=v.key, stops=[]) for v in problem.vehicles]
        return Solution(routes=routes, unassigned=[], seconds=0.0)
    data = _build(problem)
    result = pyvrp_solve(data, stop=MaxRuntime(seconds), seed=seed, display=False)
    best = result.best
    routes, served = [], set()
    for route in best.routes():
        vehicle = problem.vehicles[route.vehicle_type()]
        visits = [activity for activity in route.schedule() if activity.is_client()]
        keys = [problem.stops[activity.idx].key for activity in visits]
        starts = [int(activity.start_time) for activity in visits]
        served.update(keys)
        routes.append(Route(vehicle=vehicle.key, stops=keys, distance=int(route.distance()),
                            duration=int(route.duration()), starts=starts))
    unassigned = [s.key for s in problem.stops if s.key not in served]
    return Solution(routes=routes, unassigned=unassigned, feasible=best.is_feasible(),
                    seconds=time.monotonic() - started)
