"""Route optimisation on the Solomon VRPTW instances (make bench, OPS_BENCH=dispatch).

Standalone: `.venv/bin/python tools/bench_dispatch.py [--seconds S] [--sizes 25,50,100]`.
For each instance and size: our distance (Solomon convention, see solomon.py), the
proven optimum (best_known.csv), gap %, vehicles, wall seconds, and side by side what a
dispatcher gets today (stops by sequence / by postcode, trucks filled in that order)
with the number of broken windows of those plans.
"""

import argparse
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The Solomon instances and their optima (README, best_known.csv, <instance>.txt):
# $OPS_SOLOMON_DIR, else the workspace's shared benchmark data beside the repository.
DATA = pathlib.Path(os.environ.get("OPS_SOLOMON_DIR") or ROOT.parent / "shared" / "data" / "solomon")

import odoo.addons  # noqa: E402

if str(ROOT / "addons") not in list(odoo.addons.__path__):
    odoo.addons.__path__.append(str(ROOT / "addons"))

from odoo.addons.dispatch_board.tools import solomon, vrp  # noqa: E402

# wall-time budget per size: ≤ 10 s each on 2 cores
BUDGET = {25: 3.0, 50: 6.0, 100: 9.5}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,50,100")
    parser.add_argument("--instances", default="c102,c201,r102,r202,rc102")
    parser.add_argument("--seconds", type=float, default=None, help="override the per-size budget")
    args = parser.parse_args()
    if not (DATA / "best_known.csv").is_file():
        sys.exit(f"Solomon instances not found in {DATA}: set OPS_SOLOMON_DIR to their folder.")
    optima = solomon.best_known(DATA / "best_known.csv")
    header = (f"{'instance':<10} {'ours':>8} {'optimum':>8} {'gap %':>6} {'veh':>4} {'opt veh':>7} "
              f"{'s':>5} | {'by seq':>8} {'late':>4} {'by postcode':>11} {'late':>4}")
    print(header)
    print("-" * len(header))
    gaps = {}
    for size in (int(s) for s in args.sizes.split(",")):
        for name in args.instances.split(","):
            label = f"{name.upper()}.{size}"
            prob, rows = solomon.problem(DATA / f"{name}.txt", size)
            started = time.monotonic()
            solution = vrp.solve(prob, seconds=args.seconds or BUDGET[size])
            seconds = time.monotonic() - started
            ours = solution.distance / solomon.SCALE
            seq = solomon.naive_plan(prob, rows, lambda row: row["no"])
            post = solomon.naive_plan(prob, rows, lambda row: (solomon.postcode(row), row["no"]))
            opt_vehicles, optimum = optima.get(label, (None, None))
            gap = (ours - optimum) / optimum * 100 if optimum else None
            gaps.setdefault(size, []).append(gap)
            flag = "" if solution.feasible and not solution.unassigned else " INFEASIBLE"
            print(f"{label:<10} {ours:>8.1f} {optimum if optimum else 'n/a':>8} "
                  f"{gap if gap is not None else float('nan'):>6.2f} {solution.vehicles_used:>4} "
                  f"{opt_vehicles or 'n/a':>7} {seconds:>5.1f} | {seq[0] / solomon.SCALE:>8.1f} {seq[2]:>4} "
                  f"{post[0] / solomon.SCALE:>11.1f} {post[2]:>4}{flag}", flush=True)
    for size, values in gaps.items():
        known = [g for g in values if g is not None]
        if known:
            print(f"{size} customers: mean gap {sum(known) / len(known):.2f} %, worst {max(known):.2f} %")


if __name__ == "__main__":
    sys.exit(main())
