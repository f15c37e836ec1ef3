"""The dispatch solver on a Solomon instance (plain Python, no database)."""

import pathlib
import time

from odoo.addons.dispatch_board.tools import solomon, vrp

# C102.25 ships with the tests (public 1987 data, 26 rows): the test never depends on the
# benchmark folder; tools/bench_dispatch.py runs the full set.
C102_25 = pathlib.Path(__file__).parent / "data" / "solomon_c102_25.txt"
C102_25_OPTIMUM = 190.3  # proven optimum (KDMSS), as in the benchmark set's best_known.csv


def test_c102_25_within_one_percent_of_the_optimum_in_five_seconds():
    prob, _rows = solomon.problem(C102_25, 25)
    started = time.monotonic()
    solution = vrp.solve(prob, seconds=2.0)
    elapsed = time.monotonic() - started
    assert solution.feasible and not solution.unassigned
    assert sorted(k for route in solution.routes for k in route.stops) == [s.key for s in prob.stops]
    assert solution.distance / solomon.SCALE <= C102_25_OPTIMUM * 1.01
    assert elapsed <= 5.0
    # the plan the solver reports is the plan it costs: recomputing it gives the same distance
    recomputed = sum(vrp.route_cost(prob, 0, route.stops, 0)["distance"] for route in solution.routes)
    assert recomputed == solution.distance


def test_truncated_distances_follow_the_solomon_convention():
    rows = [{"x": 0, "y": 0}, {"x": 1, "y": 1}]
    assert solomon.truncated_matrix(rows)[0][1] == 14  # sqrt(2) = 1.414... -> 1.4


def test_optional_stop_that_cannot_fit_is_reported_unassigned():
    matrix = [[0, 10, 10], [10, 0, 5], [10, 5, 0]]
    stops = [vrp.Stop(key="a", location=1, demand=(5,), required=False),
             vrp.Stop(key="b", location=2, demand=(9,), required=False)]
    prob = vrp.Problem(distance=matrix, duration=matrix, stops=stops,
                       vehicles=[vrp.Vehicle(key="van", capacity=(10,))])
    solution = vrp.solve(prob, seconds=0.5)
    assert solution.unassigned in (["a"], ["b"])
    assert solution.feasible
