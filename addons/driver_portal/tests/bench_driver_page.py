"""Benchmark of the driver's day page (not a test: not imported by tests/__init__).

    bash tools/pg.sh start
    bash tools/odoo.sh shell -d dev --no-http < addons/driver_portal/tests/bench_driver_page.py

(``BENCH_OTHER_DELIVERIES=100`` in the environment for a quick run.)

Creates one driver with days of 10, 50 and 200 stops (confirmed sale orders, a third
of them invoiced) and 5,000 other deliveries, then requests ``GET /driver`` through
Odoo's WSGI application (the full HTTP stack: routing, session, controller, QWeb
rendering of the portal layout) and prints the SQL query count and server time per
day.

The anchor: Odoo's own ``/my/orders`` portal page, for a portal customer with 200
confirmed sale orders (Odoo lists 80 a page), measured the same way in the same run;
the ratio of the two median times is printed (goal: /driver at most 1.5x /my/orders).

Everything runs in the shell's transaction, which is rolled back at the end: the
database is left as it was.
"""
# ruff: noqa: F821 (``env`` is given by the Odoo shell)
# pylint: disable=print-used
import os
import statistics
import threading
import time
import types
from datetime import timedelta
from unittest.mock import patch

from werkzeug.test import Client

import odoo.http
import odoo.modules.module
from odoo import Command, fields
from odoo.service import security
from odoo.tests.test_cursor import TestCursor

OTHER_DELIVERIES = int(os.environ.get("BENCH_OTHER_DELIVERIES", "5000"))
DAYS = {10: 1, 50: 2, 200: 3}  # stops -> days from today
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
ANCHOR_ORDERS = 200
GOAL_RATIO = 1.5


def make_data(env):
    driver = env["res.users"].create({
        "name": "Bench Driver", "login": "bench_driver_page", "password": "bench-driver-1",
        "group_ids": [Command.set([env.ref("driver_portal.group_delivery_driver").id])],
    })
    product = env["product.product"].create({"name": "Bench water", "type": "consu", "list_price": 9.5,
                                             "invoice_policy": "order"})
    out_type = env.ref("stock.picking_type_out")
    partners = env["res.partner"].create([{
        "name": f"Bench customer {i}", "street": f"Rua {i}", "city": "São Paulo", "zip": "01000-000",
        "phone": f"+55 11 9{i:04d}-0000", "partner_latitude": -23.5 - i / 1000, "partner_longitude": -46.6,
    } for i in range(260)])
    today = fields.Date.context_today(driver)
    start = time.time()
    env["stock.picking"].create([{
        "picking_type_id": out_type.id, "partner_id": partners[i % 260].id,
        "move_ids": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                     "location_id": out_type.default_location_src_id.id,
                                     "location_dest_id": out_type.default_location_dest_id.id})],
    } for i in range(OTHER_DELIVERIES)])
    print(f"{OTHER_DELIVERIES} other deliveries created in {time.time() - start:.0f} s")
    partner_iter = iter(partners)
    for count, offset in DAYS.items():
        orders = env["sale.order"].create([{
            "partner_id": next(partner_iter).id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1 + n % 4})],
        } for n in range(count)])
        orders.action_confirm()
        invoices = orders[::3]._create_invoices()
        invoices.action_post()
        for seq, order in enumerate(orders):
            order.picking_ids.write({"driver_id": driver.id, "delivery_date": today + timedelta(days=offset),
                                     "delivery_sequence": seq})
    env.flush_all()
    return driver, today, product


def make_portal_customer(env, product):
    """A portal user whose company has ANCHOR_ORDERS confirmed sale orders."""
    customer = env["res.users"].create({
        "name": "Bench Customer", "login": "bench_portal_orders", "password": "bench-portal-1",
        "group_ids": [Command.set([env.ref("base.group_portal").id])],
    })
    orders = env["sale.order"].create([{
        "partner_id": customer.partner_id.id,
        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1 + n % 4})],
    } for n in range(ANCHOR_ORDERS)])
    orders.action_confirm()
    env.flush_all()
    return customer


def open_session(env, driver):
    session = odoo.http.root.session_store.new()
    session.update(odoo.http.get_default_session(), db=env.cr.dbname)
    user_env = env(user=driver.id)
    session.uid = driver.id
    session.login = driver.login
    session.session_token = security.compute_session_token(session, user_env)
    session.context = dict(user_env["res.users"].context_get())
    odoo.http.root.session_store.save(session)
    return session


def measure(env, client, url):
    """(queries, median ms) of ``GET url`` over RUNS runs after a warm-up."""
    warm = client.get(url)  # warm-up: templates and assets compiled, caches filled
    assert warm.status_code == 200, (warm.status_code, warm.headers.get("Location"))
    counts, times = [], []
    for _ in range(RUNS):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        counts.append(env.cr.sql_log_count - before)
        assert response.status_code == 200, response.status_code
    return counts, statistics.median(times), response.get_data(as_text=True)


def main(env):
    driver, today, product = make_data(env)
    customer = make_portal_customer(env, product)
    sessions = [open_session(env, driver), open_session(env, customer)]
    lock = threading.RLock()
    # as Odoo's HttpCase does: the requests' cursors wrap the shell's transaction
    bench = types.SimpleNamespace(assertCanOpenTestCursor=lambda: None, test_cursor_lock_timeout=30)
    with patch.object(odoo.modules.module, "current_test", bench), \
            patch.object(env.registry, "cursor", lambda readonly=False: TestCursor(env.cr, lock, readonly)), \
            patch.object(env.registry, "check_signaling", return_value=env.registry), \
            patch.object(env.registry, "signal_changes", return_value=None):
        driver_client, customer_client = Client(odoo.http.root), Client(odoo.http.root)
        for client, session in zip((driver_client, customer_client), sessions, strict=True):
            client.set_cookie("localhost", "session_id", session.sid)  # werkzeug 2.x signature
        print(f"{'page':<28} {'rows':>5} {'queries':>8} {'median ms':>10}")
        medians = {}
        for count, offset in DAYS.items():
            day = today + timedelta(days=offset)
            queries, median_ms, html = measure(env, driver_client, f"/driver/deliveries?date={day}")
            assert html.count("o_driver_stop ") == count, "page does not show every stop"
            medians[count] = median_ms
            print(f"{'/driver (' + str(count) + ' stops)':<28} {count:>5} "
                  f"{'/'.join(map(str, sorted(set(queries)))):>8} {median_ms:>10.0f}")
        queries, anchor_ms, html = measure(env, customer_client, "/my/orders")
        rows = html.count("/my/orders/")
        assert rows, "the portal customer sees no order"
        print(f"{f'/my/orders ({ANCHOR_ORDERS} orders)':<28} {rows:>5} "
              f"{'/'.join(map(str, sorted(set(queries)))):>8} {anchor_ms:>10.0f}")
        ratio = medians[200] / anchor_ms
        print(f"ratio /driver 200 stops / /my/orders: {ratio:.2f} (goal <= {GOAL_RATIO})")
    for session in sessions:
        odoo.http.root.session_store.delete(session)


try:
    main(env)
finally:
    env.cr.rollback()
    print("rolled back: the database is unchanged")
