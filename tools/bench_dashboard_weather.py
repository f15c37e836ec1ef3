"""Weather under concurrency, run by `make bench` (OPS_BENCH=dashboard_weather).

An Odoo server with 4 HTTP workers on the bench database, a local fake of api.weather.gov
answering slowly (0.5 s, to widen the race), and 20 dashboard loads (weather section) at the
same moment as the administrator. Counts what the fake received: exactly 1 grid look-up
(`/points`) per place and at most 1 forecast per place per 5 minutes are expected. The
database is put back as it was (warehouse address, parameters, weather cache).

Usage: python tools/bench_dashboard_weather.py <database>   (environment: PGHOST/PGPORT/PGUSER)
"""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "addons" / "ops_base" / "tests"))
from fake_http import FakeHTTPServer, Reply  # noqa: E402

LOADS = 20
CLEAR_PARAMS = ("DELETE FROM ir_config_parameter "
                "WHERE key IN ('ops_dashboard.nws_base_url', 'ops_dashboard.weather_timeout')")
PORT = int(os.environ.get("OPS_BENCH_PORT", "20210"))
LAT, LON = "40.7128", "-74.006"


def sql(db, query, params=()):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall() if cr.description else None


def prepare(db, fake_url):
    """Locate the main warehouse in New York; NWS at the fake. Returns what to restore."""
    partner_id, lat, lon, country = sql(db, """
        SELECT p.id, p.partner_latitude, p.partner_longitude, p.country_id FROM stock_warehouse w
          JOIN res_partner p ON p.id = w.partner_id ORDER BY w.id LIMIT 1""")[0]
    sql(db, """UPDATE res_partner SET partner_latitude = %s, partner_longitude = %s,
                      country_id = (SELECT id FROM res_country WHERE code = 'US') WHERE id = %s""",
        (float(LAT), float(LON), partner_id))
    sql(db, CLEAR_PARAMS)
    sql(db, "INSERT INTO ir_config_parameter (key, value) VALUES ('ops_dashboard.nws_base_url', %s), "
            "('ops_dashboard.weather_timeout', '10')", (fake_url,))
    sql(db, "DELETE FROM ops_dashboard_weather_cache")
    return partner_id, lat, lon, country


def restore(db, saved):
    partner_id, lat, lon, country = saved
    sql(db, "UPDATE res_partner SET partner_latitude = %s, partner_longitude = %s, country_id = %s WHERE id = %s",
        (lat, lon, country, partner_id))
    sql(db, CLEAR_PARAMS)
    sql(db, "DELETE FROM ops_dashboard_weather_cache")


def load(results, barrier):
    session = requests.Session()
    session.post(f"http://127.0.0.1:{PORT}/web/session/authenticate", timeout=60, json={
        "jsonrpc": "2.0", "params": {"db": sys.argv[1], "login": "admin", "password": "admin"}}).raise_for_status()
    barrier.wait(timeout=180)
    answer = session.post(f"http://127.0.0.1:{PORT}/web/dataset/call_kw/ops.dashboard/get_sections", timeout=120,
                          json={"jsonrpc": "2.0", "params": {"model": "ops.dashboard", "method": "get_sections",
                                                              "args": [], "kwargs": {"keys": ["weather"]}}}).json()
    cards = answer.get("result", {}).get("sections", [{}])[0].get("weather", [])
    results.append(cards[0]["status"] if cards else json.dumps(answer)[:200])


def wait_for_server(proc):
    for _attempt in range(240):
        if proc.poll() is not None:
            raise SystemExit("the Odoo server stopped")
        try:
            requests.get(f"http://127.0.0.1:{PORT}/web/login", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit("the Odoo server did not start")


def main():
    db = sys.argv[1]
    fake = FakeHTTPServer().start()
    fake.add("GET", f"/points/{LAT},{LON}", Reply(delay=0.5, json={"properties": {
        "forecast": f"{fake.url}/gridpoints/OKX/33,35/forecast", "gridId": "OKX"}}))
    fake.add("GET", "/gridpoints/OKX/33,35/forecast", Reply(delay=0.5, json={"properties": {"periods": [
        {"name": "Today", "temperature": 54, "temperatureUnit": "F", "shortForecast": "Sunny"}]}}))
    fake.add("GET", "/alerts/active", Reply(delay=0.5, json={"features": []}))
    saved = prepare(db, fake.url)
    server = subprocess.Popen(  # noqa: S603 - our own launcher
        ["/bin/bash", str(ROOT / "tools" / "odoo.sh"), "-d", db, "--workers", "4", "--http-port", str(PORT),
         "--gevent-port", str(PORT + 1), "--max-cron-threads", "0", "--log-level", "warn", "--db-filter", f"^{db}$"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_server(server)
        results, barrier = [], threading.Barrier(LOADS)
        threads = [threading.Thread(target=load, args=(results, barrier)) for _index in range(LOADS)]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
        statuses = {status: results.count(status) for status in set(results)}
        print(f"{LOADS} simultaneous loads on 4 workers in {elapsed:.1f} s; cards: {statuses}")
        print(f"fake NWS received: /points {fake.count('GET', '/points/.*')} (expected 1), "
              f"forecast {fake.count('GET', '/gridpoints/.*')} (expected <= 1), "
              f"alerts {fake.count('GET', '/alerts/active')}")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
        fake.stop()
        restore(db, saved)


if __name__ == "__main__":
    main()
