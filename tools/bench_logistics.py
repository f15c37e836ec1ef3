"""Benchmark of the `distance` carrier against Odoo's own `base_on_rule` carrier.

Run by `make bench` inside `odoo shell` (variables `env` and `odoo` are given). Creates
1,000 customers and quotations in one transaction, quotes each with:
  - Odoo's base_on_rule carrier (weight rule),
  - the distance carrier, haversine path (no Google key),
  - the distance carrier, Routes path against a local fake Routes server,
and prints quotes/second, SQL queries per quote (1-line vs 10-line orders) and external
requests. Everything is rolled back at the end. Each quote starts with a cold ORM cache,
like a quote made in its own HTTP request.
"""

import time

from odoo.addons.logistics_delivery.tests.common import ROUTES_PATH, FakeGoogleMaps

N_ORDERS = 1000
LINES = (1, 10, 50)  # orders cycle through these line counts


def make_data(env):
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    warehouse.partner_id.write({"partner_latitude": -23.5505, "partner_longitude": -46.6333, "geo_source": "manual"})
    product = env["product.product"].create({"name": "Bench crate", "type": "consu", "weight": 3.0, "list_price": 10})
    ship = env["product.product"].create({"name": "Bench shipping", "type": "service"})
    partners = env["res.partner"].create([{
        "name": f"Bench customer {i}", "street": f"Rua Bench {i}", "city": "Sao Paulo",
        "partner_latitude": -23.0 - (i % 97) * 0.01, "partner_longitude": -46.0 - (i % 89) * 0.01,
        "geo_source": "manual"} for i in range(N_ORDERS)])
    orders = env["sale.order"].create([{
        "partner_id": p.id, "warehouse_id": warehouse.id,
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})
                       for _line in range(LINES[i % len(LINES)])],
    } for i, p in enumerate(partners)])
    rule = env["delivery.carrier"].create({
        "name": "Bench rules", "delivery_type": "base_on_rule", "product_id": ship.id,
        "price_rule_ids": [(0, 0, {"variable": "weight", "operator": "<=", "max_value": 10000,
                                   "list_base_price": 10, "list_price": 1.0, "variable_factor": "weight"})]})
    distance = env["delivery.carrier"].create({
        "name": "Bench distance", "delivery_type": "distance", "product_id": ship.id, "distance_base_fee": 10,
        "distance_band_ids": [(0, 0, {"band_type": "km", "up_to": 10, "rate": 2.0}),
                              (0, 0, {"band_type": "km", "rate": 1.0})]})
    return orders, rule, distance


def run(env, carrier, orders):
    """Quote every order; returns (seconds, [mean queries per quote for each of LINES])."""
    cr = env.cr
    env.flush_all()
    queries = {n: [] for n in LINES}
    start = time.perf_counter()
    for order in orders:
        env.invalidate_all()
        before = cr.sql_log_count
        result = carrier.rate_shipment(order)
        env.flush_all()
        assert result["success"], result
        queries[len(order.order_line)].append(cr.sql_log_count - before)
    elapsed = time.perf_counter() - start
    return elapsed, [sum(queries[n]) / len(queries[n]) for n in LINES]


def main(env):
    icp = env["ir.config_parameter"].sudo()
    orders, rule, distance = make_data(env)
    rows = []
    icp.set_param("logistics_delivery.google_api_key", False)
    rows.append(("base_on_rule (Odoo)", *run(env, rule, orders), 0))
    rows.append(("distance, haversine", *run(env, distance, orders), 0))
    with FakeGoogleMaps() as server:
        icp.set_param("logistics_delivery.google_api_key", "bench-key")
        icp.set_param("logistics_delivery.routes_url", server.url + ROUTES_PATH)
        rows.append(("distance, local Routes", *run(env, distance, orders), server.count()))
    print(f"\n{N_ORDERS} quotations with {'/'.join(map(str, LINES))} lines, cold ORM cache per quote\n")
    header = "".join(f"{f'{n} line(s)':>11}" for n in LINES)
    print(f"{'carrier':<24}{'quotes/s':>10}  queries/quote:{header}{'HTTP requests':>15}")
    for name, secs, per_lines, requests_made in rows:
        cells = "".join(f"{q:>11.1f}" for q in per_lines)
        print(f"{name:<24}{N_ORDERS / secs:>10.1f}{'':16}{cells}{requests_made:>15}")
    base = N_ORDERS / rows[0][1]
    print(f"\nthroughput ratio distance/haversine vs base_on_rule: {N_ORDERS / rows[1][1] / base:.2f}")


try:
    main(env)  # noqa: F821 - given by odoo shell
finally:
    env.cr.rollback()  # noqa: F821
