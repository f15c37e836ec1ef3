"""The fuzz run against a server started by tools/fuzz.sh: ``python -m fuzz --help``.

Requests are generated first with Hypothesis (fixed seed: the same seed and the same
discovered routes give the same requests), then sent by a few threads, bounded in count
and in time. Exit status 1 on any 500 answer or any traceback in the server log.
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
from .report import Tally, memory_lines, odoo_processes, scan_log, write_samples
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
    parser.add_argument("--replay", help="send the requests of a samples file again instead of generating")
    return parser.parse_args()


def shares(routes, count):
    """Requests per route: routes the suite defines weigh 3, the /my pages it extends 1."""
    weights = [3 if route["defined"] else 1 for route in routes]
    return [-(-count * weight // sum(weights)) for weight in weights]


def generate(routes, fixtures, count, seed_value, big_budget):
    """Requests for every route, each route with its own Hypothesis run (seeded from
    ``seed_value`` and the route's rank) so that every route gets its share."""
    words = vocabulary(ROOT / "addons")
    budget, collected = [big_budget], []
    for rank, (route, share) in enumerate(zip(routes, shares(routes, count), strict=True)):

        @seed(seed_value + rank)
        @settings(max_examples=share, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(requests_for(route, fixtures, words))
        def collect(req):
            if req["big"]:  # the budget bounds the bytes sent above the caps
                budget[0] -= req["big"]
                req["big"] = req["big"] if budget[0] >= 0 else 0
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
        print(f"  {','.join(route['methods']):<9} {route['auth']:<6} {route['url']}  [{route['addon']}]")
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
    return summarize(args, tally, duration, (before, after), scan_log(args.log, log_offset))


def summarize(args, tally, duration, memory, log_findings):
    before, after = memory
    tracebacks, errors = log_findings
    print("\nAnswers per route and status (ERR names are client-side connection errors):")
    print(tally.table())
    print(f"\nTotal: {tally.total} requests in {duration:.0f} s ({tally.total / max(duration, 0.001):.1f} requests/s)")
    print("Memory of the Odoo processes:")
    print("\n".join(memory_lines(before, after)))
    server_errors = tally.server_errors()
    print(f"500 answers: {server_errors}")
    if server_errors:
        write_samples(args.samples, tally)
        for route, samples in tally.samples.items():
            for sample in samples:
                print(f"  {route}: {sample['method']} {sample['path']}?{sample['query'][:80]} body[:120]="
                      f"{sample['body'][:120]!r} big={sample['big']} framing={sample['framing']} "
                      f"session={sample['session']} -> {sample['answer'][:80]!r}")
        print(f"  requests saved to {args.samples} (replay: --replay {args.samples})")
    print(f"Tracebacks in the server log: {len(tracebacks)}; ERROR lines: {len(errors)}")
    for head, tail in tracebacks[:10]:
        print(f"  {head[:200]}\n    -> {tail[:200]}")
    return 1 if server_errors or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
