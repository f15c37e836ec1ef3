"""Benchmark of the dispatch board (not a test: not imported by tests/__init__).

    bash tools/odoo.sh shell -d disp_bench --no-http < addons/dispatch_board/tests/bench_board.py

1. The week board (one ``load_board`` call, what the client's single RPC runs) for 20
   drivers with 100, 200 and 400 stops over the week (plus unassigned ones): SQL
   queries and server time; the query count must not grow with the stops (≤ 15).
2. Reordering 50 stops of a driver's day: one ``save_lanes`` call, queries and time.
3. Route matrix for a 100-stop day against a local fake of Google's Routes API:
   requests made (⌈101² / 625⌉ = 17 expected) and 0 on a second optimisation (cache),
   with the solver's time for that day.

Everything runs in the shell's transaction, rolled back at the end.
"""
# ruff: noqa: F821 (``env`` is given by the Odoo shell)
# pylint: disable=print-used
import math
import statistics
import time
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.dispatch_board.tests.test_plan import routes_matrix_reply
from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer

DRIVERS = 20
RUNS = 5


def make_world(env):
    company = env.company
    company.partner_id.write({"partner_latitude": -23.5505, "partner_longitude": -46.6333})
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    warehouse.partner_id.write({"partner_latitude": -23.5505, "partner_longitude": -46.6333})
    group = env.ref("driver_portal.group_delivery_driver")
    drivers = env["res.users"].create([{
        "name": f"Bench Driver {i:02d}", "login": f"bench_dispatch_driver_{i}",
        "group_ids": [Command.set([group.id])]} for i in range(DRIVERS)])
    dispatcher = env["res.users"].create({
        "name": "Bench Dispatcher", "login": "bench_dispatcher",
        "group_ids": [Command.set([env.ref("dispatch_board.group_dispatcher").id])]})
    brand = env["fleet.vehicle.model.brand"].create({"name": "Bench"})
    model = env["fleet.vehicle.model"].create({"name": "Truck", "brand_id": brand.id})
    env["fleet.vehicle"].create([{"model_id": model.id, "driver_id": d.partner_id.id, "license_plate": f"BEN-{i:04d}",
                                  "dispatch_max_weight": 800, "dispatch_max_volume": 6, "dispatch_max_stops": 30}
                                 for i, d in enumerate(drivers)])
    product = env["product.product"].create({"name": "Bench crate", "type": "consu", "weight": 12.0, "volume": 0.05})
    partners = env["res.partner"].create([{
        "name": f"Bench customer {i}", "city": "São Paulo", "zip": f"0{1000 + i}-000",
        "partner_latitude": -23.45 - (i % 20) * 0.01, "partner_longitude": -46.55 - (i // 20) * 0.01,
    } for i in range(400)])
    return warehouse, drivers, dispatcher, product, partners


def make_stops(env, warehouse, product, partners, assign):
    """``assign``: list of (partner, driver or None, day or None, sequence)."""
    out = warehouse.out_type_id
    customers = env.ref("stock.stock_location_customers")
    pickings = env["stock.picking"].create([{
        "picking_type_id": out.id, "partner_id": partner.id, "location_id": out.default_location_src_id.id,
        "location_dest_id": customers.id, "driver_id": driver.id if driver else False, "delivery_date": day or False,
        "delivery_sequence": seq,
        "move_ids": [Command.create({"product_id": product.id, "product_uom_qty": 2,
                                     "location_id": out.default_location_src_id.id, "location_dest_id": customers.id})],
    } for partner, driver, day, seq in assign])
    pickings.action_confirm()
    return pickings


def measure(env, func):
    func()  # warm the registry caches (fields, views, rules), as any running server has them
    queries, times = [], []
    for _run in range(RUNS):
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
        queries.append(env.cr.sql_log_count - before)
    print("   queries per run:", queries)
    return max(queries), statistics.median(times)


def bench_board(env, world, monday):
    warehouse, drivers, dispatcher, product, partners = world
    board = env["dispatch.board"].with_user(dispatcher)
    print(f"{'stops in week':>14} {'unassigned':>10} {'queries':>8} {'server ms':>10}")
    made = 0
    for total in (100, 200, 400):
        assign = []
        for i in range(made, total):
            driver = drivers[i % DRIVERS] if i % 10 else None
            day = monday + timedelta(days=(i // DRIVERS) % 7)
            assign.append((partners[i], driver, day, i))
        make_stops(env, warehouse, product, partners, assign)
        made = total
        queries, ms = measure(env, lambda: board.load_board(monday.isoformat(), 7))
        unassigned = len(board.load_board(monday.isoformat(), 7)["lanes"]["0|"]["stops"])
        print(f"{total:>14} {unassigned:>10} {queries:>8} {ms:>10.1f}")


def bench_reorder(env, world, day):
    warehouse, drivers, dispatcher, product, partners = world
    driver = drivers[0]
    assign = [(p, driver, day, i) for i, p in enumerate(partners[:50])]
    stops = make_stops(env, warehouse, product, partners[:50], assign)
    board = env["dispatch.board"].with_user(dispatcher)
    key = env["dispatch.day"]._key(driver.id, day)
    env.invalidate_all()
    before, started = env.cr.sql_log_count, time.perf_counter()
    answer = board.save_lanes([{"key": key, "stops": list(reversed(stops.ids))}],
                              env["dispatch.day"]._versions([key]), True)
    ms, queries = (time.perf_counter() - started) * 1000, env.cr.sql_log_count - before
    print(f"reorder 50 stops: 1 call, status {answer['status']}, {queries} queries, {ms:.0f} ms")


def bench_matrix(env, world, day):
    warehouse, drivers, _dispatcher, product, partners = world
    driver = drivers[1]
    # a long day for one big truck: short stops, no capacity limit (what the matrix is measured on)
    env["fleet.vehicle"].search([("driver_id", "=", driver.partner_id.id)]).write(
        {"dispatch_max_stops": 0, "dispatch_max_weight": 0, "dispatch_max_volume": 0})
    env.company.dispatch_service_minutes = 3
    assign = [(p, driver, day, i) for i, p in enumerate(partners[100:200])]
    make_stops(env, warehouse, product, partners[100:200], assign)
    env.company.dispatch_solver_seconds = 5
    params = env["ir.config_parameter"].sudo()
    with FakeHTTPServer() as google:
        google.add("POST", r"/distanceMatrix/v2:computeRouteMatrix", routes_matrix_reply)
        params.set_param("logistics_delivery.google_api_key", "bench-key")
        params.set_param("logistics_delivery.distance_source", "routes")
        params.set_param("logistics_delivery.routes_url", f"{google.url}/distanceMatrix/v2:computeRouteMatrix")
        for attempt in ("first", "second"):
            plan = env["dispatch.plan"].sudo().create({"kind": "optimise", "date": day,
                                                       "driver_ids": [Command.set(driver.ids)]})
            started = time.perf_counter()
            plan._job_compute()
            seconds = time.perf_counter() - started
            print(f"100-stop day, {attempt} optimisation: {plan.matrix_requests} matrix requests "
                  f"(expected {math.ceil(101 * 101 / 625) if attempt == 'first' else 0}), "
                  f"km {plan.km_before:.1f} -> {plan.km_after:.1f}, hours {plan.hours_before:.2f} -> "
                  f"{plan.hours_after:.2f}, {len(plan.unfit_ids)} unfit, {seconds:.1f} s")


def main(env):
    monday = fields.Date.today() + timedelta(days=14 - fields.Date.today().weekday())
    world = make_world(env)
    print("== Week board: 20 drivers, one load_board call ==")
    bench_board(env, world, monday)
    print("== Saving ==")
    bench_reorder(env, world, monday + timedelta(days=10))
    print("== Route matrix and cache ==")
    bench_matrix(env, world, monday + timedelta(days=11))


try:
    main(env)
finally:
    env.cr.rollback()
