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
import tempfile
from dataclasses import dataclass, field

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from .browser_driver import CHROMEDRIVER, Browser, RobotError, first_line
from .browser_host import on_host, parse_host

# selenium logs every WebDriver command body at DEBUG, typed text included: the robot's
# credentials must never reach a log, whatever the server's log level.
logging.getLogger("selenium.webdriver.remote.remote_connection").setLevel(logging.INFO)

DEFAULT_TIMEOUT = 20
ACTIONS = ("open", "fill", "select", "click", "wait_for", "capture", "upload", "download", "screenshot")
_MASK = "***"
_MIN_SCRUB = 4

__all__ = ["ACTIONS", "RobotError", "RunResult", "on_host", "parse_host", "run_recipe"]


@dataclass
class RunResult:
    """What a run produced: captured texts, files, screenshots, the session's cookies,
    and whether the login steps ran (False: the saved session was still valid)."""

    outputs: dict = field(default_factory=dict)
    downloads: list = field(default_factory=list)
    screenshots: list = field(default_factory=list)
    cookies: list = field(default_factory=list)
    logged_in: bool = False


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
        # secrets shorter than 4 characters are not real credentials; replacing them
        # would garble every word that contains them
        for secret in sorted(self.secrets, key=len, reverse=True):
            if len(secret) >= _MIN_SCRUB:
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
                raise self.error(f"{where} failed: {first_line(exc)}", "browser", index) from None

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
        browser = Browser(workdir, chromedriver)
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
