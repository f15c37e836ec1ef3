import logging
import socket

from odoo.tests import TransactionCase, tagged

from ..tools import browser_robot
from .fake_http import FakeHTTPServer, Reply

HTML = {"Content-Type": "text/html; charset=utf-8"}
FORM = b"""<html><body><form method="post" action="/send" enctype="multipart/form-data">
<select id="kind" name="kind"><option value="a">Alpha</option><option value="b">Beta</option></select>
<input id="code" name="code"><input id="doc" name="doc" type="file"><button id="go" type="submit">Go</button>
</form></body></html>"""
DONE = b"""<html><body><p id="result">Pedido recebido. Protocolo: XY-42</p>
<a id="receipt" href="/receipt.txt">Recibo</a></body></html>"""


@tagged("post_install", "-at_install")
class TestBrowserRobot(TransactionCase):
    """The shared browser robot's steps against a page on 127.0.0.1, in headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeHTTPServer()
        cls.server.add("GET", "/form", Reply(body=FORM, headers=HTML))
        cls.server.add("POST", "/send", Reply(body=DONE, headers=HTML))
        cls.server.add("GET", "/receipt.txt", Reply(body=b"receipt", headers={
            "Content-Type": "text/plain", "Content-Disposition": 'attachment; filename="recibo.txt"'}))
        cls.server.start()
        cls.addClassCleanup(cls.server.stop)

    def test_steps_secrets_and_failure_screenshot(self):
        host = self.server.url.removeprefix("http://")
        steps = [
            {"action": "open", "value": f"{self.server.url}/form"},
            {"action": "select", "selector": "#kind", "value": "Beta"},
            {"action": "fill", "selector": "#code", "value_from": "code", "allowed_host": host},
            {"action": "upload", "selector": "#doc", "value_from": "doc"},
            {"action": "click", "selector": "#go"},
            {"action": "capture", "selector": "#result", "value": r"Protocolo:\s*(\S+)", "output": "protocol"},
            {"action": "download", "selector": "#receipt", "timeout": 10},
            {"action": "screenshot", "value": "done page"},
        ]
        lines = []
        with self.assertLogs(level=logging.DEBUG) as logs:
            result = browser_robot.run_recipe(steps, values={"code": "s3cr3t-c0de"},
                                              files={"doc": ("nota.xml", b"<nota/>")}, log=lines.append)
        self.assertEqual(result.outputs, {"protocol": "XY-42"})
        self.assertEqual(result.downloads, [("recibo.txt", b"receipt")])
        self.assertEqual([name for name, _png in result.screenshots], ["step-08-done-page.png"])
        sent = self.server.received("POST", "/send")[0].body
        for part in (b'name="kind"\r\n\r\nb', b"s3cr3t-c0de", b'filename="nota.xml"', b"<nota/>"):
            self.assertIn(part, sent)
        self.assertIn("Step 3: fill “#code” with the code", lines)
        self.assertNotIn("s3cr3t-c0de", "\n".join(lines + logs.output))

        # a missing element: the step, the wait, a screenshot; the secret scrubbed from the error
        steps[4] = {"action": "click", "selector": "#s3cr3t-c0de", "timeout": 1}
        with self.assertRaises(browser_robot.RobotError) as caught:
            browser_robot.run_recipe(steps, values={"code": "s3cr3t-c0de", "pin": "ou"},  # too short to scrub
                                     files={"doc": ("n.xml", b"x")})
        error = caught.exception
        self.assertEqual(str(error), "Step 5 (click “#***”) timed out after 1 s")
        self.assertEqual(error.kind, "timeout")
        self.assertFalse(error.retryable)
        self.assertEqual(error.screenshot[0], "failure-step-05.png")
        self.assertTrue(error.screenshot[1].startswith(b"\x89PNG"))

    def test_unreachable_and_foreign_host(self):
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            closed = probe.getsockname()[1]
        with self.assertRaises(browser_robot.RobotError) as caught:
            browser_robot.run_recipe([{"action": "open", "value": f"http://127.0.0.1:{closed}/"}])
        self.assertEqual(caught.exception.kind, "unreachable")
        self.assertTrue(caught.exception.retryable)
        self.assertIn("cannot be reached (net::ERR_CONNECTION_REFUSED)", str(caught.exception))
        # a secret is not typed into a page of another host
        steps = [{"action": "open", "value": f"{self.server.url}/form"},
                 {"action": "fill", "selector": "#code", "value_from": "code", "allowed_host": "portal.example"}]
        with self.assertRaisesRegex(browser_robot.RobotError, "Step 2 .* refused: the page is not on the portal host"):
            browser_robot.run_recipe(steps, values={"code": "x"})
