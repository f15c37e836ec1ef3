"""Browser robot: run a recipe of steps in headless Chromium (plain Python, no ORM).

Debian's ``chromium`` and ``chromedriver`` (``/usr/bin``) drive the pages; nothing is
downloaded. A recipe is a list of steps, dicts with:

* ``action``: one of :data:`ACTIONS`;
* ``selector``: CSS selector of the element (all actions but ``open`` and ``screenshot``);
* ``value``: the URL (``open``), a fixed text (``fill``/``select``), a regular expression
  with one group (``capture``, optional) or a label (``screenshot``);
* ``value_from``: the name of an entry of the run's ``values`` (secrets: a text, or a
  callable returning one when the step runs, e.g. a TOTP code; scrubbed from error
  texts) or ``data`` (plain texts); typed values are never logged;
* ``output``: the name under which ``capture`` stores the element's text;
* ``allowed_host``: ``fill`` types a ``value_from`` value only into a page of this host
  ("host[:port]"), checked right before typing;
* ``timeout`` (seconds, default 20) and ``description`` (what is logged: never a value).

:func:`run_recipe` adds session reuse (restore a saved cookie jar, check whether the
session is still logged in, run the login steps only when it is not) and returns a
:class:`RunResult`. Every failure is a :class:`RobotError` whose message names the step
and never contains a value, with a screenshot of the page taken at that moment.
"""

import logging
import os
import re
import resource
import tempfile
import time
from dataclasses import dataclass, field

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from .browser_host import on_host, parse_host

# selenium logs every WebDriver command body at DEBUG, typed text included: the robot's
# credentials must never reach a log, whatever the server's log level.
logging.getLogger("selenium.webdriver.remote.remote_connection").setLevel(logging.INFO)
logging.getLogger("urllib3.connectionpool").setLevel(logging.INFO)

CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_LOAD_TIMEOUT = 60
DEFAULT_TIMEOUT = 20
ACTIONS = ("open", "fill", "select", "click", "wait_for", "capture", "upload", "download", "screenshot")
_PARTIAL = (".crdownload", ".tmp", ".part")
_MASK = "***"
_COOKIE_PARAMS = ("name", "value", "domain", "path", "secure", "httpOnly", "sameSite", "expires")

__all__ = ["ACTIONS", "RobotError", "RunResult", "on_host", "parse_host", "run_recipe"]


class RobotError(Exception):
    """A run stopped. ``kind``: "unreachable" (portal down: safe to retry), "login" (the
    portal refused the credentials), "timeout" (an element never showed: the page
    changed), "refused" (a safety check), "browser". ``screenshot`` is ``(name, png)``
    of the page at that moment, or None. The message is safe to log and show."""

    def __init__(self, message, kind="browser", screenshot=None):
        super().__init__(message)
        self.kind = kind
        self.screenshot = screenshot

    @property
    def retryable(self):
        return self.kind == "unreachable"


@dataclass
class RunResult:
    """What a run produced: captured texts, files, screenshots, the session's cookies,
    and whether the login steps ran (False: the saved session was still valid)."""

    outputs: dict = field(default_factory=dict)
    downloads: list = field(default_factory=list)
    screenshots: list = field(default_factory=list)
    cookies: list = field(default_factory=list)
    logged_in: bool = False


def _unlimited_memory():
    # Odoo caps its own address space (limit_memory_hard); Chromium reserves far more
    # virtual memory than it uses and dies under that cap, so lift it for the browser
    # (as Odoo's own test browser does).
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def _first_line(exc):
    return (getattr(exc, "msg", None) or type(exc).__name__).splitlines()[0][:200]


class _Browser:
    """One headless Chromium with a private profile and download folder."""

    def __init__(self, workdir, chromedriver):
        self.workdir = workdir
        self.download_dir = os.path.join(workdir, "downloads")
        os.mkdir(self.download_dir)
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,1024", "--disable-extensions",
                         f"--user-data-dir={os.path.join(workdir, 'profile')}"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {
            "download.default_directory": self.download_dir,
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,  # a PDF link downloads instead of opening a viewer
            "credentials_enable_service": False,
            "profile.password_manager_enabled": False,
        })
        try:
            self.driver = webdriver.Chrome(
                service=Service(executable_path=chromedriver, popen_kw={"preexec_fn": _unlimited_memory}),
                options=options,
            )
        except WebDriverException as exc:
            raise RobotError(f"Headless Chromium could not start: {_first_line(exc)}") from None
        self.driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                                    {"behavior": "allow", "downloadPath": self.download_dir})

    def quit(self):
        self.driver.quit()

    # ---------------------------------------------------------------- session
    def set_cookies(self, cookies):
        """Restore a saved jar (as :meth:`cookies` returned it): only the fields
        ``Network.setCookies`` takes; a session cookie has no expiry (-1 would expire it)."""
        params = []
        for cookie in cookies or []:
            param = {key: cookie[key] for key in _COOKIE_PARAMS if cookie.get(key) not in (None, "")}
            if not cookie.get("expires") or cookie["expires"] < 0 or cookie.get("session"):
                param.pop("expires", None)
            params.append(param)
        if params:
            self.driver.execute_cdp_cmd("Network.setCookies", {"cookies": params})

    def cookies(self):
        return self.driver.execute_cdp_cmd("Network.getAllCookies", {}).get("cookies", [])

    def screenshot(self, name):
        try:
            return name, self.driver.get_screenshot_as_png()
        except WebDriverException:
            return None

    # ---------------------------------------------------------------- steps
    def visible(self, selector, timeout):
        return WebDriverWait(self.driver, timeout).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector)))

    def shows(self, selector, timeout):
        """Whether ``selector`` becomes visible within ``timeout`` seconds."""
        try:
            self.visible(selector, timeout)
        except TimeoutException:
            return False
        return True

    def open(self, url):
        try:
            self.driver.get(url)
        except TimeoutException:
            raise RobotError("the portal did not answer in time", "unreachable") from None
        except WebDriverException as exc:
            if "net::ERR_" in (exc.msg or ""):
                raise RobotError(f"the portal cannot be reached ({_net_error(exc)})", "unreachable") from None
            raise
        status = self.driver.execute_script(
            "const nav = performance.getEntriesByType('navigation')[0]; return nav ? nav.responseStatus : 0;")
        if status and status >= 500:
            raise RobotError(f"the portal answered HTTP {status}", "unreachable")

    def wait_download(self, timeout):
        """The (name, bytes) of the next completed download, waiting up to ``timeout`` s.

        Chromium may create the final name (empty) before it renames the partial file onto
        it: a download is complete when no partial file is left and its size is stable.
        """
        deadline = time.monotonic() + timeout
        last_size = None
        while time.monotonic() < deadline:
            names = sorted(os.listdir(self.download_dir))
            done = [name for name in names if not name.endswith(_PARTIAL)]
            if done and len(done) == len(names):
                path = os.path.join(self.download_dir, done[0])
                size = os.path.getsize(path)
                if size and size == last_size:
                    with open(path, "rb") as handle:
                        content = handle.read()
                    os.unlink(path)
                    return done[0], content
                last_size = size
            time.sleep(0.2)
        raise TimeoutException("no file downloaded")


def _net_error(exc):
    match = re.search(r"net::ERR_[A-Z_]+", exc.msg or "")
    return match.group(0) if match else "network error"


class _Run:
    """One recipe run in one browser: performs steps, resolving and scrubbing values."""

    def __init__(self, browser, *, values, data, files, log, result):
        self.browser = browser
        self.values = {**(data or {}), **(values or {})}
        self.files = files or {}
        self.log = log
        self.result = result
        self.secret_names = set(values or ())
        self.secrets = [value for value in (values or {}).values() if isinstance(value, str) and value]

    def scrub(self, text):
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, _MASK)
        return text

    def value(self, step):
        name = step.get("value_from")
        if not name:
            return step.get("value") or ""
        if name not in self.values:
            raise RobotError(f"no value named {name!r} for this run", "refused")
        value = self.values[name]
        value = str(value() if callable(value) else value or "")
        if name in self.secret_names and value:
            self.secrets.append(value)
        return value

    def steps(self, steps, label="Step"):
        for index, step in enumerate(steps, 1):
            description = step.get("description") or describe(step)
            self.log(f"{label} {index}: {description}")
            timeout = step.get("timeout") or DEFAULT_TIMEOUT
            where = f"{label} {index} ({description})"
            try:
                self.perform(step, index, timeout)
            except TimeoutException:
                raise self.error(f"{where} timed out after {timeout} s", "timeout", index) from None
            except RobotError as exc:
                verb = "refused" if exc.kind == "refused" else "failed"
                raise self.error(f"{where} {verb}: {exc}", exc.kind, index) from None
            except WebDriverException as exc:
                raise self.error(f"{where} failed: {_first_line(exc)}", "browser", index) from None

    def error(self, message, kind, index=None):
        name = f"failure-step-{index:02d}.png" if index else "failure.png"
        return RobotError(self.scrub(message), kind, self.browser.screenshot(name))

    def perform(self, step, index, timeout):
        action, selector, browser = step["action"], step.get("selector"), self.browser
        if action == "open":
            browser.open(self.value(step))
        elif action == "fill":
            element = browser.visible(selector, timeout)
            text = self.value(step)
            # a secret is typed only into a page of the host it belongs to (checked right
            # before typing: the recipe, redirects or scripts may have moved the browser)
            if step.get("allowed_host") and not on_host(browser.driver.current_url, step["allowed_host"]):
                raise RobotError("the page is not on the portal host; the value was not typed", "refused")
            element.clear()
            element.send_keys(text)
        elif action == "select":
            _select(browser.visible(selector, timeout), self.value(step))
        elif action == "click":
            WebDriverWait(browser.driver, timeout).until(
                expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector))).click()
        elif action == "wait_for":
            browser.visible(selector, timeout)
        elif action == "capture":
            self.result.outputs[step.get("output") or "text"] = _capture(
                browser.visible(selector, timeout).text, step.get("value"))
        elif action == "upload":
            browser.visible(selector, timeout).send_keys(self._upload_path(step))
        elif action == "download":
            browser.visible(selector, timeout).click()
            self.result.downloads.append(browser.wait_download(timeout))
        elif action == "screenshot":
            label = re.sub(r"[^\w-]+", "-", step.get("value") or "page").strip("-")[:40]
            shot = browser.screenshot(f"step-{index:02d}-{label}.png")
            if shot:
                self.result.screenshots.append(shot)
        else:
            raise RobotError(f"unknown step action {action!r}", "refused")

    def _upload_path(self, step):
        name = step.get("value_from") or step.get("value")
        if name not in self.files:
            raise RobotError(f"no file named {name!r} for this run", "refused")
        filename, content = self.files[name]
        folder = tempfile.mkdtemp(dir=self.browser.workdir)
        path = os.path.join(folder, os.path.basename(filename) or "upload.bin")
        with open(path, "wb") as handle:
            handle.write(content)
        return path


def _select(element, value):
    choice = Select(element)
    try:
        choice.select_by_value(value)
    except WebDriverException:
        choice.select_by_visible_text(value)


def _capture(text, pattern):
    text = (text or "").strip()
    if not pattern:
        return text
    match = re.search(pattern, text)
    if not match:
        raise RobotError("the captured text does not have the expected form", "timeout")
    return match.group(1) if match.groups() else match.group(0)


def describe(step):
    """A log line for ``step``: its action and selector, or the address without its
    query; never a typed value."""
    action = step["action"].replace("_", " ")
    if step["action"] == "open":
        url = step.get("value") if not step.get("value_from") else step["value_from"]
        return f"open {(url or '').split('?', 1)[0]}"
    if step["action"] == "fill" and step.get("value_from"):
        return f"fill “{step.get('selector')}” with the {step['value_from'].replace('_', ' ')}"
    if step["action"] == "screenshot":
        return "screenshot"
    return f"{action} “{step.get('selector')}”"


def run_recipe(steps, *, values=None, data=None, files=None, log=None, session=None,
               chromedriver=CHROMEDRIVER):
    """Run ``steps`` in a fresh headless Chromium and return a :class:`RunResult`.

    ``session`` (optional) reuses a portal session: a dict with ``cookies`` (a saved
    jar, or None), ``check_url`` and ``logged_in_selector`` (the page shows it only to a
    logged-in user), ``login`` (the login steps), ``error_selector`` (where the portal
    says why it refused a login) and ``check_timeout``. The saved cookies are restored,
    ``check_url`` opened, and the login steps run only when the selector does not
    show; after them it must show, else :class:`RobotError` of kind "login" with the
    portal's message. ``values``: named secrets (texts, or callables such as a TOTP
    code) for ``value_from``, scrubbed from every error; ``data``: named plain texts for
    ``value_from``; ``files``: named ``(filename, bytes)`` for ``upload``.
    """
    log = log or (lambda line: None)
    result = RunResult()
    with tempfile.TemporaryDirectory(prefix="ops_robot_") as workdir:
        browser = _Browser(workdir, chromedriver)
        run = _Run(browser, values=values, data=data, files=files, log=log, result=result)
        try:
            if session:
                _ensure_session(run, session)
            run.steps(steps)
            result.cookies = browser.cookies()
        finally:
            browser.quit()
    return result


def _ensure_session(run, session):
    browser, timeout = run.browser, session.get("check_timeout") or 5
    browser.set_cookies(session.get("cookies"))
    try:
        browser.open(session["check_url"])
    except RobotError as exc:
        raise run.error(f"Session check failed: {exc}", exc.kind) from None
    if browser.shows(session["logged_in_selector"], timeout):
        run.log("Saved session still valid: no login.")
        return
    run.log("No valid session: logging in.")
    run.result.logged_in = True
    try:
        run.steps(session.get("login") or [], label="Login step")
        if browser.shows(session["logged_in_selector"], timeout):
            return
    except RobotError as exc:
        if exc.kind not in ("timeout", "browser"):
            raise
        problem = str(exc)
    else:
        problem = "the logged-in page did not show after the login steps"
    reason = session.get("error_selector") and browser.shows(session["error_selector"], 0.5) \
        and browser.driver.find_element(By.CSS_SELECTOR, session["error_selector"]).text.strip()
    if reason:
        raise run.error(f"The portal refused the login: {reason[:200]}", "login") from None
    raise run.error(f"The login did not succeed: {problem}", "login") from None
