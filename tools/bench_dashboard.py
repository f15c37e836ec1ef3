# Operations dashboard benchmark, run by `make bench` (OPS_BENCH=dashboard) in `odoo shell`.
#
# Loads the dashboard as the administrator (record rules apply) on the bench database as
# it is, then after inserting, with SQL, 50,000 delivery pickings, 20,000 sale orders with
# 100,000 lines, 15,000 RPA processes and 50,000 conversation-log messages; everything is
# rolled back at the end. For each size: SQL queries of a warm load, median server time of
# 10 warm loads, and the same for the equivalent plain `formatted_read_group` calls (one
# per figure, one grouped call per table, one per trend chart: what opening each figure
# as a pivot view costs), with the ratio.
# ruff: noqa: F821 - `env` is given by odoo shell
import logging
import os
import statistics
import time

from odoo import Command, fields

SIZES = {"pickings": 50_000, "orders": 20_000, "lines_per_order": 5, "rpa": 15_000, "messages": 50_000}
RUNS = 10
TABLE_GROUPBY = {"remaining": "driver_id", "cash": "driver_id", "states": "state", "channels": "channel_id",
                 "leads": "source_id"}
TRENDS = [  # model, date field, extra domain, extra groupby
    ("stock.picking", "delivered_at", [("driver_state", "=", "delivered")], []),
    ("stock.picking", "failed_at", [], []),
    ("sale.report", "date", [("state", "=", "sale")], []),
    ("messaging.message", "date", [("direction", "=", "inbound")], ["channel_id"]),
]

cr = env.cr
admin = env.ref("base.user_admin")
user_env = env(user=admin, context={"tz": "UTC", "allowed_company_ids": [env.company.id]})
dashboard = user_env["ops.dashboard"]


def clone(table, template_id, count, overrides):
    """Insert ``count`` copies of a row, columns overridden by SQL expressions of ``g``
    (0..count-1); returns the new ids (checked contiguous)."""
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'",
               [table])
    columns = [row[0] for row in cr.fetchall()]
    select = ", ".join(overrides.get(column, f't."{column}"') for column in columns)
    names = ", ".join(f'"{column}"' for column in columns)
    cr.execute(f'INSERT INTO "{table}" ({names}) SELECT {select} FROM "{table}" t, '  # noqa: S608 - bench only
               f"generate_series(0, {count - 1}) g WHERE t.id = {int(template_id)} RETURNING id")
    ids = sorted(row[0] for row in cr.fetchall())
    assert ids[-1] - ids[0] + 1 == count, "ids not contiguous"
    return ids


def plain_calls(result):
    """The plain read_group calls of the same figures (as standard pivot views)."""
    calls = []
    for section in result["sections"]:
        for kpi in section["kpis"]:
            if kpi.get("action"):
                calls.append((kpi["action"]["res_model"], kpi["action"]["domain"], []))
        for table in section["tables"]:
            if table["rows"]:
                domain = ["|"] * (len(table["rows"]) - 1)
                for row in table["rows"]:
                    domain += row["action"]["domain"]
                calls.append((table["rows"][0]["action"]["res_model"], domain, [TABLE_GROUPBY[table["key"]]]))
    start = fields.Datetime.to_string(fields.Datetime.subtract(fields.Datetime.now(), days=30))
    for model, date_field, domain, groupby in TRENDS:
        calls.append((model, [*domain, (date_field, ">=", start)], [*groupby, f"{date_field}:day"]))
    return calls


def run_plain(calls):
    for model, domain, groupby in calls:
        user_env[model].formatted_read_group(domain, groupby, ["__count"])


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def print_queries(load):
    """Every query of one load with its time (OPS_BENCH_VERBOSE=1)."""
    logger, handler = logging.getLogger("odoo.sql_db"), _Collect()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        user_env.invalidate_all()
        load()
    finally:
        logger.setLevel(level)
        logger.removeHandler(handler)
    for line in handler.lines:
        print("   ", " ".join(line.split())[:150])


def measure(label):
    dashboard.get_sections(period="today")  # warm caches
    user_env.invalidate_all()
    before = cr.sql_log_count
    result = dashboard.get_sections(period="today")
    queries = cr.sql_log_count - before
    times = []
    for _run in range(RUNS):
        user_env.invalidate_all()
        start = time.perf_counter()
        dashboard.get_sections(period="today")
        times.append((time.perf_counter() - start) * 1000)
    if os.environ.get("OPS_BENCH_VERBOSE"):
        print_queries(lambda: dashboard.get_sections(period="today"))
    calls = plain_calls(result)
    run_plain(calls)
    before = cr.sql_log_count
    user_env.invalidate_all()
    run_plain(calls)
    plain_queries = cr.sql_log_count - before
    plain_times = []
    for _run in range(RUNS):
        user_env.invalidate_all()
        start = time.perf_counter()
        run_plain(calls)
        plain_times.append((time.perf_counter() - start) * 1000)
    dash_ms, plain_ms = statistics.median(times), statistics.median(plain_times)
    print(f"{label:<7} dashboard: {queries:>2} queries, median {dash_ms:7.1f} ms | plain read_group: "
          f"{len(calls)} calls, {plain_queries} queries, median {plain_ms:7.1f} ms | ratio {dash_ms / plain_ms:.2f}x")


def make_templates():
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    customer = env["res.partner"].create({"name": "Bench customer", "partner_latitude": 40.7,
                                         "partner_longitude": -74.0})
    drivers = env["res.users"].create([{"name": f"Bench driver {index}", "login": f"bench_driver_{index}",
                                        "group_ids": [Command.set([env.ref("driver_portal.group_delivery_driver").id])]}
                                       for index in range(30)])
    picking = env["stock.picking"].create({
        "picking_type_id": warehouse.out_type_id.id, "partner_id": customer.id,
        "location_id": warehouse.out_type_id.default_location_src_id.id,
        "location_dest_id": env.ref("stock.stock_location_customers").id})
    product = env["product.product"].create({"name": "Bench water", "list_price": 10.0, "taxes_id": False})
    order = env["sale.order"].create({"partner_id": customer.id, "order_line": [
        Command.create({"product_id": product.id, "product_uom_qty": 1, "price_unit": 10.0, "tax_ids": False})]})
    operators = env["rpa.operator"].create([{"name": f"Bench operator {i}", "code": f"BOP{i}"} for i in range(15)])
    client = env["res.partner"].create({"name": "Bench RPA client", "is_rpa_client": True})
    process = env["rpa.process"].create({"partner_id": client.id, "operator_id": operators[0].id,
                                         "state": "waiting_approval"})
    channels = env["messaging.channel"].create([{"name": f"Bench channel {i}", "channel_type": "quo"}
                                                for i in range(3)])
    message = env["messaging.message"].create({"channel_id": channels[0].id, "company_id": company.id,
                                               "direction": "inbound", "status": "received"})
    env.flush_all()
    return locals()


def make_data(t):
    n = SIZES
    drivers = f"(ARRAY[{','.join(str(i) for i in t['drivers'].ids)}])"
    state = "CASE WHEN g % 10 = 0 THEN 'failed' WHEN g % 10 < 7 THEN 'delivered' ELSE 'todo' END"
    day = "(current_date - (g % 61))"
    clone("stock_picking", t["picking"].id, n["pickings"], {
        "name": "'BENCH/' || g", "driver_id": f"{drivers}[1 + g % 30]", "delivery_date": day,
        "driver_state": state, "state": f"CASE WHEN {state} = 'delivered' THEN 'done' ELSE 'assigned' END",
        "delivered_at": f"CASE WHEN {state} = 'delivered' THEN {day} + interval '14 hours' END",
        "failed_at": f"CASE WHEN {state} = 'failed' THEN {day} + interval '15 hours' END",
        "dashboard_on_time": f"{state} = 'delivered' AND g % 3 <> 0"})
    orders = clone("sale_order", t["order"].id, n["orders"], {
        "name": "'BENCH-SO' || g", "date_order": "now() at time zone 'UTC' - (g % 60) * interval '1 day'",
        "state": "CASE WHEN g % 5 = 0 THEN 'draft' ELSE 'sale' END",
        "delivery_distance_source": "CASE WHEN g % 5 = 0 THEN (CASE WHEN g % 4 = 0 THEN 'haversine' "
                                    "ELSE 'routes' END) END",
        "delivery_distance_date": "now() at time zone 'UTC' - (g % 60) * interval '1 day'"})
    line = t["order"].order_line
    clone("sale_order_line", line.id, n["orders"] * n["lines_per_order"], {
        "order_id": f"{orders[0]} + g % {n['orders']}",
        "state": f"CASE WHEN g % {n['orders']} % 5 = 0 THEN 'draft' ELSE 'sale' END"})
    partners = clone("res_partner", t["client"].id, 1000, {"name": "'Bench client ' || g"})
    operators = t["operators"].ids
    clone("rpa_process", t["process"].id, n["rpa"], {
        "partner_id": f"{partners[0]} + g % 1000", "operator_id": f"{operators[0]} + (g / 1000) % 15",
        "name": "'BENCH ' || g", "period": "date_trunc('month', current_date - (g % 12) * interval '1 month')::date",
        "state": "(ARRAY['waiting_download','waiting_approval','waiting_sat_upload','uploaded','rejected',"
                 "'error'])[1 + g % 6]"})
    channels = t["channels"].ids
    clone("messaging_message", t["message"].id, n["messages"], {
        "channel_id": f"{channels[0]} + g % 3", "partner_id": f"{partners[0]} + g % 1000",
        "direction": "CASE WHEN g % 5 < 3 THEN 'inbound' ELSE 'outbound' END",
        "date": "now() at time zone 'UTC' - (g % 43200) * interval '1 minute'"})
    # what the ORM keeps current on each log write (stored ``last_*_at`` of the customers)
    for table, column in (("res_partner", "partner_id"), ("crm_lead", "lead_id")):
        cr.execute(f"""UPDATE "{table}" c SET last_inbound_at = m.inbound, last_outbound_at = m.outbound
                         FROM (SELECT "{column}" AS id,
                                      max(date) FILTER (WHERE direction = 'inbound') AS inbound,
                                      max(date) FILTER (WHERE direction = 'outbound') AS outbound
                                 FROM messaging_message WHERE "{column}" IS NOT NULL GROUP BY 1) m
                        WHERE c.id = m.id""")  # noqa: S608 - bench only, fixed names
    for table in ("stock_picking", "sale_order", "sale_order_line", "rpa_process", "messaging_message", "res_partner"):
        cr.execute(f"ANALYZE {table}")


measure("empty")
start = time.perf_counter()
make_data(make_templates())
env.invalidate_all()
print(f"(large data inserted in {time.perf_counter() - start:.0f} s: {SIZES})")
measure("large")
cr.rollback()
