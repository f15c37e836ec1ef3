"""Load benchmark of the Quo webhook (not a test: never imported by Odoo). Plain Python.

Posts N signed Quo ``message.received`` events (from ``--numbers`` distinct customers, so
several messages per new customer) to ``/webhook/quo/<channel>`` with ``--concurrency``
threads, and the same bodies to Odoo's own ``base_automation`` webhook ``/web/hook/<uuid>``;
prints accepted requests per second and p50 / p99 latency of each. ``check`` counts, in
PostgreSQL, what the run stored and what processing made of it (duplicates included).

    python bench_webhook_load.py post  --url URL --channel-id N --secret B64 --run R
    python bench_webhook_load.py hook  --url URL --uuid UUID --run R
    python bench_webhook_load.py check --dsn DSN --channel-id N --run R --numbers 1000

See ``readme/BENCHMARK.md`` for the full procedure and the figures.
"""

import argparse
import base64
import hashlib
import hmac
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def sign_quo(body, key_b64, timestamp_ms):
    """Quo's legacy ``openphone-signature`` (HMAC-SHA256 of ``"<ms>." + body``), written
    out here so that the load client runs outside Odoo."""
    digest = hmac.new(base64.b64decode(key_b64), f"{timestamp_ms}.".encode() + body, hashlib.sha256).digest()
    return f"hmac;1;{timestamp_ms};{base64.b64encode(digest).decode()}"


def phone(run, index, numbers):
    """The customer of message ``index``: ``numbers`` distinct Brazilian mobiles per run."""
    return f"+55119{run % 100:02d}{index % numbers:06d}"


def event(run, index, numbers):
    return {
        "id": f"EVb{run}x{index:06d}",
        "object": "event",
        "type": "message.received",
        "createdAt": "2026-11-22T04:00:00.000Z",
        "data": {
            "object": {
                "id": f"ACb{run}x{index:06d}",
                "object": "message",
                "from": phone(run, index, numbers),
                "to": ["+15555550199"],
                "direction": "incoming",
                "body": f"Bench message {index} of run {run}",
                "media": [],
                "status": "received",
            }
        },
    }


def load(url, bodies, concurrency, sign=None):
    """POST every body; ``(wall seconds, [(status, seconds)])``."""
    local = threading.local()

    def post(body):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        headers = {"Content-Type": "application/json"}
        if sign:
            headers.update(sign(body))
        start = time.perf_counter()
        try:
            status = session.post(url, data=body, headers=headers, timeout=60).status_code
        except requests.RequestException:
            status = 0
        return status, time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(post, bodies))
    return time.perf_counter() - start, results


def report(name, wall, results):
    ok = [seconds for status, seconds in results if status == 200]
    latencies = sorted(seconds for _status, seconds in results)
    codes = {}
    for status, _seconds in results:
        codes[status] = codes.get(status, 0) + 1
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    line = (
        f"{name}: {len(results)} requests in {wall:.1f} s, {len(ok)} accepted, "
        f"{len(ok) / wall:.0f} accepted req/s, p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms, status codes {codes}"
    )
    sys.stdout.write(line + "\n")


def bodies_of(args):
    return [json.dumps(event(args.run, index, args.numbers)).encode() for index in range(args.count)]


def cmd_post(args):
    url = f"{args.url}/webhook/quo/{args.channel_id}"

    def sign(body):
        return {"openphone-signature": sign_quo(body, args.secret, int(time.time() * 1000))}

    report("our webhook  ", *load(url, bodies_of(args), args.concurrency, sign))


def cmd_hook(args):
    report("base_automation", *load(f"{args.url}/web/hook/{args.uuid}", bodies_of(args), args.concurrency))


def cmd_check(args):
    import psycopg2  # only this sub-command needs the database

    prefix = f"EVb{args.run}x%"
    phones = f"+55119{args.run % 100:02d}%"
    queries = {
        "inbox rows of the run by state": (
            "SELECT state, count(*) FROM messaging_inbox WHERE channel_id = %s AND provider_event_id LIKE %s "
            "GROUP BY state ORDER BY state",
            (args.channel_id, prefix),
        ),
        "leads of the run (expected --numbers)": ("SELECT count(*) FROM crm_lead WHERE phone LIKE %s", (phones,)),
        "phones with more than one lead (expected 0)": (
            "SELECT count(*) FROM (SELECT phone FROM crm_lead WHERE phone LIKE %s "
            "GROUP BY phone HAVING count(*) > 1) dup",
            (phones,),
        ),
        "chatter messages of the run, distinct provider ids": (
            "SELECT count(*), count(DISTINCT substring(body from 'id (ACb[0-9x]+)')) FROM mail_message "
            "WHERE model = 'crm.lead' AND body LIKE %s",
            (f"%id ACb{args.run}x%",),
        ),
        "queue jobs of the run by state: count, jobs that were retried (transient conflicts)": (
            "SELECT j.state, count(*), count(*) FILTER (WHERE j.retry > 1) FROM queue_job j "
            "JOIN messaging_inbox i ON i.id = ((j.records #>> '{}')::jsonb -> 'ids' ->> 0)::int "
            "WHERE j.model_name = 'messaging.inbox' AND i.provider_event_id LIKE %s GROUP BY j.state",
            (prefix,),
        ),
        "base_automation inbox rows of the run": (
            "SELECT count(*) FROM messaging_inbox WHERE channel_id <> %s AND provider_event_id LIKE %s",
            (args.channel_id, prefix),
        ),
    }
    with psycopg2.connect(args.dsn) as connection, connection.cursor() as cursor:
        for label, (query, params) in queries.items():
            cursor.execute(query, params)
            sys.stdout.write(f"{label}: {cursor.fetchall()}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["post", "hook", "check"])
    parser.add_argument("--url", default="http://127.0.0.1:8104")
    parser.add_argument("--channel-id", type=int)
    parser.add_argument("--secret")
    parser.add_argument("--uuid")
    parser.add_argument("--dsn")
    parser.add_argument("--run", type=int, required=True, help="run number: makes event ids and phones unique")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--numbers", type=int, default=1000, help="distinct customers")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    {"post": cmd_post, "hook": cmd_hook, "check": cmd_check}[args.command](args)


if __name__ == "__main__":
    main()
