from urllib.parse import parse_qs

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools import secret_box
from .common import TEST_KEY
from .common_files import make_pdf
from .common_robots import RpaRobotCase

LOGIN, PASSWORD = "cliente@example.com", "S3nha-do-Portal!"
LOGIN_PAGE = b"""<html><body><form method="post" action="/login">
<input id="username" name="username"><input id="password" name="password" type="password">
<input id="account" name="account"><button id="go" type="submit">Entrar</button></form></body></html>"""
# the invoice link appears a moment after the page loads, as on real portals
INVOICES_PAGE = b"""<html><body><p>Bem-vindo</p><script>
setTimeout(function () { document.body.insertAdjacentHTML("beforeend",
  '<a id="invoice" href="/fatura.pdf">Baixar fatura</a>'); }, 300);
</script></body></html>"""


class LocalPortal:
    """A tiny operator portal on 127.0.0.1: a login form, then a link to the PDF, which
    is served (as an attachment) only with the session cookie set by the login."""

    def __init__(self):
        self.server = FakeHTTPServer()
        self.server.add("GET", "/login", Reply(body=LOGIN_PAGE, headers={"Content-Type": "text/html"}))
        self.server.add("POST", "/login", self._login)
        self.server.add("GET", "/fatura.pdf", self._invoice)

    def _login(self, request):
        form = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
        if form.get("username") == LOGIN and form.get("password") == PASSWORD:
            return Reply(body=INVOICES_PAGE, headers={"Content-Type": "text/html", "Set-Cookie": "sid=ok; Path=/"})
        return Reply(status=401, body=b"<html><body>Login inv&aacute;lido</body></html>",
                     headers={"Content-Type": "text/html"})

    def _invoice(self, request):
        if "sid=ok" not in (request.header("Cookie") or ""):
            return Reply(status=403, body=b"forbidden")
        return Reply(body=make_pdf(title="Portal"), headers={
            "Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="fatura_112026.pdf"'})


@tagged("post_install", "-at_install")
class TestSeleniumRunner(RpaRobotCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = LocalPortal()
        cls.portal.server.start()
        cls.addClassCleanup(cls.portal.server.stop)
        cls.robot_operator = cls.make_operators()
        cls.robot_operator.write({"has_rpa": True, "rpa_outsourced": False,
                                  "portal_host": cls.portal.server.url.removeprefix("http://"), "robot_step_ids": [
            (0, 0, {"sequence": 1, "action": "open_url", "value": f"{cls.portal.server.url}/login"}),
            (0, 0, {"sequence": 2, "action": "fill", "selector": "#username", "value_source": "login"}),
            (0, 0, {"sequence": 3, "action": "fill", "selector": "#password", "value_source": "password"}),
            (0, 0, {"sequence": 4, "action": "fill", "selector": "#account", "value_source": "account_number"}),
            (0, 0, {"sequence": 5, "action": "click", "selector": "#go"}),
            (0, 0, {"sequence": 6, "action": "wait", "selector": "#invoice", "timeout": 5}),
            (0, 0, {"sequence": 7, "action": "download", "selector": "#invoice", "timeout": 15}),
        ]})

    def make_robot_process(self, password=PASSWORD):
        partner = self.make_clients(1, self.robot_operator)
        account = partner.rpa_account_ids
        account.with_user(self.manager).write({"portal_login": LOGIN, "portal_password": password})
        return self.env["rpa.process"].create(
            {"partner_id": partner.id, "operator_id": self.robot_operator.id, "period": "2026-11-01"})

    def run_robot(self, process):
        with trap_jobs() as trap:
            process.action_run_download()
            self.run_jobs(trap)
        return process.execution_ids

    def test_download_from_local_portal(self):
        process = self.make_robot_process()
        execution = self.run_robot(process)
        self.assertEqual(execution.runner, "selenium")
        self.assertEqual(execution.status, "done", execution.error)
        self.assertEqual(process.state, "waiting_approval")
        self.assertEqual(process.original_filename, "fatura_112026.pdf")
        self.assertEqual(process.attachment_id.raw, make_pdf(title="Portal"))
        login = self.portal.server.received("POST", "/login")[0]
        self.assertIn(f"account=ACC-{process.partner_id.id}-{self.robot_operator.id}", login.body.decode())
        self.assertIn("fill “#password” with the portal password", execution.log)
        self.assertIn("download pdf “#invoice”", execution.log)
        for secret in (PASSWORD, LOGIN):
            self.assertNotIn(secret, execution.log)

    def test_wrong_password_fails_at_its_step(self):
        process = self.make_robot_process(password="wrong-password")
        execution = self.run_robot(process)
        self.assertEqual(execution.status, "failed")
        self.assertIn("Step 6", execution.error)
        self.assertIn("timed out after 5 s", execution.error)
        self.assertNotIn("wrong-password", execution.log + execution.error)
        self.assertEqual(process.state, "error")
        self.assertFalse(process.attachment_id)

    def test_missing_recipe_or_password(self):
        process = self.make_robot_process(password=False)
        execution = self.run_robot(process)
        self.assertEqual(execution.status, "failed")
        self.assertIn("has no Portal password", execution.error)
        bare = self.make_operators()
        bare.write({"has_rpa": True, "rpa_outsourced": False})
        partner = self.make_clients(1, bare)
        process = self.env["rpa.process"].create(
            {"partner_id": partner.id, "operator_id": bare.id, "period": "2026-11-01"})
        execution = self.run_robot(process)
        self.assertIn("no robot recipe", execution.error)

    def test_password_is_encrypted_and_manager_only(self):
        process = self.make_robot_process()
        account = process.partner_id.rpa_account_ids
        token = account.sudo().portal_password_enc
        self.assertTrue(token.startswith("v1:"))
        self.assertNotIn(PASSWORD, token)
        self.assertEqual(account._get_portal_password(), PASSWORD)
        account.invalidate_recordset()
        self.assertFalse(account.with_user(self.manager).portal_password, "write-only")
        self.assertTrue(account.with_user(self.manager).has_portal_password)
        with self.assertRaises(AccessError):
            account.with_user(self.user).read(["portal_login"])
        with self.assertRaises(AccessError):
            account.with_user(self.manager).read(["portal_password_enc"])

    def test_no_key_refuses_to_store_a_password(self):
        config[secret_box.CONFIG_KEY] = ""
        self.addCleanup(config.__setitem__, secret_box.CONFIG_KEY, TEST_KEY)
        account = self.make_clients(1, self.robot_operator).rpa_account_ids
        with self.assertRaisesRegex(UserError, "encrypted"):
            account.with_user(self.manager).write({"portal_password": "x"})
        self.assertFalse(account.sudo().portal_password_enc)

    def test_password_is_typed_only_on_the_portal_host(self):
        """A manager points the recipe at a page they control (another port, or another
        name of the same host): the robot refuses to type the password there."""
        attacker = LocalPortal()
        attacker.server.start()
        self.addCleanup(attacker.server.stop)
        port = self.portal.server.url.rsplit(":", 1)[1]
        open_step = self.robot_operator.robot_step_ids.filtered(lambda step: step.action == "open_url")
        for url in (f"{attacker.server.url}/login", f"http://localhost:{port}/login"):
            with self.subTest(url=url):
                self.portal.server.reset()
                open_step.with_user(self.manager).value = url
                process = self.make_robot_process()
                execution = self.run_robot(process)
                self.assertEqual(execution.status, "failed")
                self.assertIn("Step 3 (fill “#password” with the portal password) refused", execution.error)
                self.assertIn("not on the portal host", execution.error)
                self.assertFalse(attacker.server.received("POST", "/login"))
                self.assertFalse(self.portal.server.received("POST", "/login"))
                self.assertFalse(process.attachment_id)

    def test_no_portal_host_no_password(self):
        self.robot_operator.portal_host = False
        execution = self.run_robot(self.make_robot_process())
        self.assertEqual(execution.status, "failed")
        self.assertIn("has no portal host", execution.error)
