"""Webhook load benchmark of crm_messaging (``OPS_BENCH=webhooks make bench``). Plain Python.

On the benchmark database (``OPS_BENCH_DB``), it

1. sets up a Quo channel with a fresh signing key and Odoo's own ``base_automation``
   webhook ``/web/hook/<uuid>`` storing the payload as an inbox row
   (``addons/crm_messaging/tests/bench_webhook_setup.py``, in an Odoo shell);
2. starts one Odoo server with ``--workers 2`` and no job runner, and posts signed Quo
   ``message.received`` events from ``OPS_BENCH_CLIENTS`` concurrent clients to
   ``/webhook/quo/<channel>``, and the same bodies to ``/web/hook/<uuid>``, interleaved
   (ours, theirs, ours, theirs): accepted requests/s of each and the ratio (goal >= 1.0x);
3. restarts the server with queue_job's runner (``--workers 2``, channel ``root:2``) and
   measures how fast the inbox rows stored in step 2 are processed: events/s through the
   queue (rows done / seconds between the first and the last one done).

Environment: ``OPS_BENCH_EVENTS`` (events per endpoint and round, default 500),
``OPS_BENCH_CLIENTS`` (default 16), ``OPS_BENCH_NUMBERS`` (distinct customers, default
200), ``OPS_BENCH_PORT`` (HTTP port; the gevent port is the next one, default 8104).
Run by ``tools/bench.sh`` (which sets ``ROOT``, ``OPS_BENCH_DB`` and the database
variables); absolute figures depend on the machine's load, the ratio is what matters.
"""

import base64
import json
import os
import pathlib
import secrets
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(os.environ.get("ROOT") or pathlib.Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "addons" / "crm_messaging" / "tests"))

import bench_webhook_load as load  # noqa: E402 (the load client, beside the setup script)
import dbinfo  # noqa: E402

DB = os.environ.get("OPS_BENCH_DB", "opsuite_bench")
EVENTS = int(os.environ.get("OPS_BENCH_EVENTS", "500"))
CLIENTS = int(os.environ.get("OPS_BENCH_CLIENTS", "16"))
NUMBERS = int(os.environ.get("OPS_BENCH_NUMBERS", "200"))
PORT = int(os.environ.get("OPS_BENCH_PORT", "8104"))
ODOO = [str(ROOT / "tools" / "odoo.sh")]
PROCESS_TIMEOUT = 1800  # seconds to wait for the queue to drain


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def setup(env):
    script = ROOT / "addons" / "crm_messaging" / "tests" / "bench_webhook_setup.py"
    with script.open("rb") as stdin:
        out = subprocess.run(  # noqa: S603 (our own tools/odoo.sh, fixed arguments)
            [*ODOO, "shell", "-d", DB, "--no-http", "--max-cron-threads", "0", "--log-level", "warn"],
            stdin=stdin, capture_output=True, env=env, check=True,
        ).stdout.decode()
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def start_server(env, runner):
    args = [*ODOO, "-d", DB, "--db-filter", f"^{DB}$", "--workers", "2", "--http-interface", "127.0.0.1",
            "--http-port", str(PORT), "--gevent-port", str(PORT + 1), "--max-cron-threads", "0",
            "--log-level", "warn", "--limit-time-real", "600"]
    if runner:
        args += ["--load", "base,web,queue_job"]
        env = {**env, "ODOO_QUEUE_JOB_CHANNELS": "root:2", "ODOO_QUEUE_JOB_PORT": str(PORT)}
    server = subprocess.Popen(args, env=env, start_new_session=True)  # noqa: S603 (tools/odoo.sh)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/web/health", timeout=2)
            return server
        except OSError:
            time.sleep(1)
    stop_server(server)
    raise SystemExit("the benchmark server did not start")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def bodies(run, offset):
    return [json.dumps(load.event(run, offset + index, NUMBERS)).encode() for index in range(EVENTS)]


def rate(results, wall):
    return sum(1 for status, _seconds in results if status == 200) / wall


def ingestion(info, run):
    ours_url = f"http://127.0.0.1:{PORT}/webhook/quo/{info['channel_id']}"
    hook_url = f"http://127.0.0.1:{PORT}/web/hook/{info['hook_uuid']}"

    def sign(body):
        return {"openphone-signature": load.sign_quo(body, info["secret"], int(time.time() * 1000))}

    # warm-up: both endpoints' code loaded in both workers
    load.load(ours_url, bodies(run + 1, 0)[:20], 4, sign)
    load.load(hook_url, bodies(run + 1, 0)[:20], 4)
    ours, theirs = [], []
    for round_ in range(2):
        wall, results = load.load(ours_url, bodies(run, round_ * EVENTS), CLIENTS, sign)
        load.report("ours  /webhook/quo", wall, results)
        ours.append(rate(results, wall))
        wall, results = load.load(hook_url, bodies(run, round_ * EVENTS), CLIENTS)
        load.report("Odoo  /web/hook   ", wall, results)
        theirs.append(rate(results, wall))
    ours_rate, their_rate = sum(ours) / len(ours), sum(theirs) / len(theirs)
    say(f"webhook throughput: ours {ours_rate:.1f} req/s, base_automation {their_rate:.1f} req/s, "
        f"ratio {ours_rate / their_rate:.2f}x (goal >= 1.0x)")


def processing(info, run, connect):
    import psycopg2  # noqa: PLC0415 (the venv has it; only this step needs it)

    query = ("SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'done'), "
             "count(*) FILTER (WHERE state = 'failed'), min(write_date) FILTER (WHERE state = 'done'), "
             "max(write_date) FILTER (WHERE state = 'done') "
             "FROM messaging_inbox WHERE channel_id = %s AND provider_event_id LIKE %s")
    params = (info["channel_id"], f"EVb{run}x%")
    deadline = time.time() + PROCESS_TIMEOUT
    with psycopg2.connect(**connect) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            while True:
                cursor.execute(query, params)
                pending, done, failed, first, last = cursor.fetchone()
                if not pending or time.time() > deadline:
                    break
                time.sleep(2)
    seconds = (last - first).total_seconds() if first and last and last > first else 0
    say(f"job throughput (2 workers, root:2): {done} inbox rows done, {failed} failed, {pending} still pending, "
        f"{done / seconds if seconds else 0:.1f} events/s over {seconds:.0f} s")


def main():
    env = dict(os.environ)
    env.setdefault("OPS_MESSAGING_KEY", base64.b64encode(secrets.token_bytes(32)).decode())
    connect = dbinfo.connect_params(DB)
    info = setup(env)
    run = int(time.time()) % 100000
    say(f"benchmark database {DB}, run {run}: {EVENTS} events x 2 rounds per endpoint, {CLIENTS} clients, "
        f"{NUMBERS} distinct customers")
    server = start_server(env, runner=False)
    try:
        ingestion(info, run)
    finally:
        stop_server(server)
    server = start_server(env, runner=True)
    try:
        processing(info, run, connect)
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
