"""20 simultaneous deliveries of the same webhook event on a real multi-threaded server.

``HttpCase`` serves one request at a time on the test's cursor, so it cannot show what
happens when PostgreSQL transactions really overlap. This test starts ``tools/odoo.sh``
(threaded server, ``--workers 0``) on make test's database, fires 20 identical Uazapi
deliveries at once (``threading.Barrier``) and expects every one answered 2xx: one
``accepted``, the rest ``duplicate``, one inbox row. A delivery that loses the race on the
dedup key gets a serialization failure under Odoo's REPEATABLE READ; Odoo's ``retrying``
must run it again (and it then sees the stored row: ``duplicate``), not answer 500.
"""

import base64
import json
import os
import secrets
import socket
import subprocess
import threading
import time
import uuid

import pytest
import requests

import odoo
from odoo.tests.common import get_db_name

DELIVERIES = 20
START_TIMEOUT = 120


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def messaging_key():
    """The key the test process and the server share (the configured one, if any)."""
    from odoo.addons.crm_messaging.tools import secret_box

    if not secret_box.is_configured():
        os.environ[secret_box.ENV_KEY] = base64.b64encode(os.urandom(32)).decode()
    return os.environ.get(secret_box.ENV_KEY)


@pytest.fixture(scope="module")
def channel(messaging_key):
    """A Uazapi channel committed in the database; ``(id, token)``; deleted afterwards."""
    token = secrets.token_urlsafe(24)
    registry = odoo.modules.registry.Registry(get_db_name())
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        record = env["messaging.channel"].create(
            {"name": "Concurrency test", "channel_type": "uazapi", "webhook_secret": token}
        )
        channel_id = record.id
    yield channel_id, token
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        rows = env["messaging.inbox"].search([("channel_id", "=", channel_id)])
        for row in rows:
            env["queue.job"].search([("func_string", "like", f"messaging.inbox({row.id},)")]).unlink()
        env["messaging.channel"].browse(channel_id).unlink()


@pytest.fixture(scope="module")
def server(repo_root, messaging_key, tmp_path_factory):
    """A threaded Odoo server on the database, on a free port; its base URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "odoo.log"
    env = dict(os.environ)
    if messaging_key:
        env["OPS_MESSAGING_KEY"] = messaging_key
    db = get_db_name()
    command = [
        "bash",
        str(repo_root / "tools" / "odoo.sh"),
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--workers=0",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={_free_port()}",
        f"--logfile={log}",
    ]
    # the command is built here from constants and a free port, not from input
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, f"the server stopped: {log.read_text()[-3000:]}"
            try:
                if requests.get(f"{url}/web/health", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the server did not start in time"
            time.sleep(0.5)
        yield url, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_twenty_simultaneous_identical_deliveries(server, channel):
    url, log = server
    channel_id, token = channel
    event = {
        "EventType": "messages",
        "instanceName": "vendas",
        "message": {
            "messageid": f"3EBCONC{uuid.uuid4().hex[:12].upper()}",
            "chatid": "5511977770000@s.whatsapp.net",
            "fromMe": False,
            "text": "Chegou?",
            "messageTimestamp": 1763784000000,
        },
    }
    body = json.dumps(event).encode()
    barrier = threading.Barrier(DELIVERIES)
    answers = [None] * DELIVERIES

    def deliver(index):
        with requests.Session() as session:
            request = requests.Request(
                "POST",
                f"{url}/webhook/uazapi/{channel_id}",
                data=body,
                headers={"Content-Type": "application/json", "X-Uazapi-Token": token},
            ).prepare()
            barrier.wait(timeout=30)
            response = session.send(request, timeout=60)
            answers[index] = (response.status_code, response.text)

    threads = [threading.Thread(target=deliver, args=(index,)) for index in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    statuses = sorted(status for status, _text in answers)
    results = sorted(json.loads(text).get("status", text) if status == 200 else text for status, text in answers)
    print(f"\n{DELIVERIES} simultaneous deliveries: statuses {statuses}, answers {results}")
    assert statuses == [200] * DELIVERIES, answers
    assert results == ["accepted"] + ["duplicate"] * (DELIVERIES - 1)
    registry = odoo.modules.registry.Registry(get_db_name())
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        rows = env["messaging.inbox"].search([("channel_id", "=", channel_id)])
        assert rows.mapped("provider_event_id") == [event["message"]["messageid"]]
    assert "Traceback" not in log.read_text()
