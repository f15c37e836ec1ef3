import requests

from odoo.tests import TransactionCase, tagged

from .fake_http import FakeHTTPServer, Reply


@tagged("post_install", "-at_install")
class TestFakeHTTPServer(TransactionCase):
    """The shared provider stand-in answers real HTTP through Odoo's test request guard."""

    def test_routes_queue_and_recording(self):
        with FakeHTTPServer() as server:
            server.add("GET", r"/jobs/(?P<job>\w+)", lambda req: Reply(json={"id": req.match["job"]}))
            server.queue("POST", "/send", Reply(status=503), Reply(json={"ok": True}))

            self.assertEqual(requests.get(f"{server.url}/jobs/abc", timeout=5).json(), {"id": "abc"})
            first = requests.post(f"{server.url}/send", json={"n": 1}, timeout=5)
            second = requests.post(f"{server.url}/send", json={"n": 2}, headers={"X-Sig": "s"}, timeout=5)
            third = requests.post(f"{server.url}/send", timeout=5)
            missing = requests.get(f"{server.url}/nowhere", timeout=5)

        self.assertEqual([first.status_code, second.status_code, third.status_code], [503, 200, 200])
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(missing.json()["error"], "no_fake_route")
        self.assertEqual(server.count("POST", "/send"), 3)
        sent = server.received("POST", "/send")[1]
        self.assertEqual(sent.json(), {"n": 2})
        self.assertEqual(sent.header("x-sig"), "s")

    def test_dropped_connection_is_a_network_error(self):
        with FakeHTTPServer() as server:
            server.add("GET", "/drop", Reply(close=True))
            with self.assertRaises(requests.ConnectionError):
                requests.get(f"{server.url}/drop", timeout=5)
