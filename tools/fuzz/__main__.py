"""The fuzz run against a server started by tools/fuzz.sh: ``python -m fuzz --help``.

Requests are generated first with Hypothesis (fixed seed: the same seed and the same
discovered routes give the same requests), then sent by a few threads, bounded in count
and in time. Exit status 1 on a 500 of a suite route or a traceback of the suite (see
``summarize``).
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import random
import sys
import threading
import time

from hypothesis import HealthCheck, Phase, given, seed, settings

from .client import Target, load_signatures
from .generate import requests_for
from .report import Tally, memory_lines, odoo_processes, route_of, route_patterns, scan_log, write_samples
from .values import vocabulary

ROOT = pathlib.Path(__file__).resolve().parents[2]


def parse_args():
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fixtures", required=True, help="JSON written by tools/fuzz/prepare.py")
    parser.add_argument("--log", required=True, help="the server's log file")
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=900, help="stop sending after this long")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--big-budget-mb", type=int, default=400, help="bytes sent above the caps, in total")
    parser.add_argument("--samples", default="fuzz-500.json", help="where the 500s' requests are written")
    parser.add_argument("--strict", action="store_true", help="fail on 500s of Odoo's own /my pages too")
    parser.add_argument("--replay", help="send the requests of a samples file again instead of generating")
    return parser.parse_args()


def shares(routes, count):
    """Requests per route: routes the suite defines weigh 3, the /my pages it extends 1."""
    weights = [3 if route["defined"] else 1 for route in routes]
    return [-(-count * weight // sum(weights)) for weight in weights]


def generate(routes, fixtures, count, seed_value, big_budget):
    """Requests for every route, each route with its own Hypothesis run (seeded from
    ``seed_value`` and the route's rank) so that every route gets its share."""
    # the words of the addon that owns the route, and the ids it may look up
    known = [*fixtures["job_ids"], *(str(i) for i in fixtures["own_stops"] + fixtures["other_stops"])]
    words = {route["addon"]: vocabulary(ROOT / "addons" / route["addon"]) + known for route in routes}
    collected = []
    for rank, (route, share) in enumerate(zip(routes, shares(routes, count), strict=True)):
        # each route its part of the budget, and room for at least two bodies above its cap
        budget = [max(big_budget // len(routes), 2 * ((route["cap"] or 2**20) + 2**16))]

        @seed(seed_value + rank)
        @settings(max_examples=share, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(requests_for(route, fixtures, words[route["addon"]]))
        def collect(req):
            if req["big"]:  # the budget bounds the bytes sent above the caps (this iteration's)
                budget[0] -= req["big"]  # noqa: B023 (collect runs within this iteration)
                req["big"] = req["big"] if budget[0] >= 0 else 0  # noqa: B023
            collected.append(req)

        collect()
    random.Random(seed_value).shuffle(collected)  # noqa: S311 (reproducible order, not a secret)
    return collected


def send_all(target, reqs, seconds, concurrency):
    tally, lock, deadline = Tally(), threading.Lock(), time.monotonic() + seconds

    def one(req):
        if time.monotonic() > deadline:
            return
        status, answer = target.send(req)
        with lock:
            tally.add(req, status, answer)

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for future in concurrent.futures.as_completed([pool.submit(one, req) for req in reqs]):
            future.result()
    return tally


def main():
    args = parse_args()
    fixtures = json.loads(pathlib.Path(args.fixtures).read_text(encoding="utf-8"))
    routes = fixtures["routes"]
    print(f"fuzz: seed {args.seed}, {len(routes)} routes, {args.requests} requests, {args.concurrency} threads")
    for route in routes:
        owner = route["addon"] if route["defined"] else f"Odoo's, extended by {route['addon']}"
        print(f"  {','.join(route['methods']):<9} {route['auth']:<6} {route['url']}  [{owner}]")
    target = Target("127.0.0.1", args.port, fixtures, load_signatures(ROOT / "addons"))
    for login in fixtures["passwords"]:
        target.login(login)
    if args.replay:
        samples = json.loads(pathlib.Path(args.replay).read_text(encoding="utf-8"))
        reqs = [req for route_samples in samples.values() for req in route_samples]
    else:
        started = time.monotonic()
        reqs = generate(routes, fixtures, args.requests, args.seed, args.big_budget_mb * 2**20)
        print(f"fuzz: {len(reqs)} requests generated in {time.monotonic() - started:.0f} s")
    log_offset = os.path.getsize(args.log)
    before = odoo_processes(args.server_pid)
    started = time.monotonic()
    tally = send_all(target, reqs, args.seconds, args.concurrency)
    duration = time.monotonic() - started
    time.sleep(2)  # let the workers finish writing their log lines
    after = odoo_processes(args.server_pid)
    run = {"duration": duration, "memory": (before, after),
           "log": scan_log(args.log, log_offset, str(ROOT / "addons"))}
    return summarize(args, routes, tally, run)


def summarize(args, routes, tally, run):
    """Print the figures; 1 when the suite has a 500 or a traceback (any, with --strict).

    Odoo's own /my pages are fuzzed as a portal user reaches them, but their 500s are
    Odoo's: they count only with --strict. A traceback is the suite's when a frame is in
    addons/ or its request hit a route the suite defines."""
    (tracebacks, errors), duration = run["log"], run["duration"]
    suite_routes = {route["url"] for route in routes if route["defined"]}
    patterns = route_patterns(routes)
    for tb in tracebacks:
        tb["route"] = route_of(tb["request"], patterns)
        tb["suite"] = tb["suite"] or tb["route"] in suite_routes
    print("\nAnswers per route and status (ERR names are client-side connection errors):")
    print(tally.table())
    print(f"\nTotal: {tally.total} requests in {duration:.0f} s ({tally.total / max(duration, 0.001):.1f} requests/s)")
    print("Memory of the Odoo processes:")
    print("\n".join(memory_lines(*run["memory"])))
    suite_500, all_500 = tally.server_errors(suite_routes), tally.server_errors()
    print(f"500 answers: {suite_500} on the suite's routes, {all_500 - suite_500} on Odoo's /my pages")
    if all_500:
        write_samples(args.samples, tally)
        for route, samples in tally.samples.items():
            for sample in samples:
                print(f"  {route}: {sample['method']} {sample['path']}?{sample['query'][:80]} body[:120]="
                      f"{sample['body'][:120]!r} big={sample['big']} framing={sample['framing']} "
                      f"session={sample['session']} -> {sample['answer'][:80]!r}")
        print(f"  requests saved to {args.samples} (replay: --replay {args.samples})")
    suite_tb = [tb for tb in tracebacks if tb["suite"]]
    print(f"Tracebacks in the server log: {len(suite_tb)} of the suite, {len(tracebacks) - len(suite_tb)} of Odoo's "
          f"/my pages; ERROR lines: {len(errors)}")
    seen = set()
    for tb in tracebacks:
        key = (tb["suite"], tb["route"], tb["error"])
        if key not in seen and len(seen) < 25:
            seen.add(key)
            print(f"  [{'suite' if tb['suite'] else 'odoo'}] {tb['request']}\n    {tb['head'][:160]}\n"
                  f"    -> {tb['error'][:200]}")
    failed = suite_500 or suite_tb or (args.strict and (all_500 or tracebacks))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
