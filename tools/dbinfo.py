"""Print "installed" when database argv[1] exists and has every suite addon installed,
"missing" otherwise. tools/run.sh uses it to choose between creating and reusing.

Connection: the private cluster, or the server named in ./odoo.conf / PG* variables.
"""

import configparser
import os
import sys

import psycopg2


def connect_params(db):
    if os.environ.get("EXTERNAL_PG") != "1":
        return {"dbname": db, "host": os.environ["PG_SOCKET_DIR"], "port": os.environ["PG_PORT"], "user": "odoo"}
    params = {"dbname": db}
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(os.path.join(os.environ["ROOT"], "odoo.conf"))
    options = conf["options"] if conf.has_section("options") else {}
    for key in ("host", "port", "user", "password"):
        value = options.get(f"db_{key}")
        if value and value != "False":
            params[key] = value
    return params  # anything unset falls back to libpq's PG* variables


def main(db):
    addons = os.environ["SUITE_ADDONS"].split(",")
    try:
        conn = psycopg2.connect(**connect_params(db))
    except psycopg2.OperationalError:
        return "missing"
    with conn, conn.cursor() as cr:
        try:
            cr.execute(
                "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [addons]
            )
        except psycopg2.Error:
            return "missing"
        return "installed" if cr.fetchone()[0] == len(addons) else "missing"


if __name__ == "__main__":
    print(main(sys.argv[1]))
