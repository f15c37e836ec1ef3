"""Headless Chromium for the browser robot (plain Python): Debian's ``chromium`` driven by
its ``chromedriver`` (``/usr/bin``), a private profile and download folder per run.
See :mod:`browser_robot` for the recipes."""

import os
import re
import resource
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_LOAD_TIMEOUT = 60
_PARTIAL = (".crdownload", ".tmp", ".part")
_NAVIGATION_JS = """
const nav = performance.getEntriesByType('navigation')[0];
const failed = document.documentURI.startsWith('chrome-error://');
return [failed ? ((window.loadTimeDataRaw && loadTimeDataRaw.errorCode) || 'ERR_FAILED') : null,
        nav ? nav.responseStatus : 0];
"""
_COOKIE_PARAMS = ("name", "value", "domain", "path", "secure", "httpOnly", "sameSite", "expires")


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


def _unlimited_memory():
    # Odoo caps its own address space (limit_memory_hard); Chromium reserves far more
    # virtual memory than it uses and dies under that cap, so lift it for the browser
    # (as Odoo's own test browser does).
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def first_line(exc):
    return (getattr(exc, "msg", None) or type(exc).__name__).splitlines()[0][:200]


class Browser:
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
            raise RobotError(f"Headless Chromium could not start: {first_line(exc)}") from None
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
                raise RobotError(f"the portal cannot be reached ({net_error(exc)})", "unreachable") from None
            raise
        # a network error does not raise: Chromium shows its own error page instead
        failure, status = self.driver.execute_script(_NAVIGATION_JS)
        if failure:
            raise RobotError(f"the portal cannot be reached (net::{failure})", "unreachable")
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


def net_error(exc):
    match = re.search(r"net::ERR_[A-Z_]+", exc.msg or "")
    return match.group(0) if match else "network error"
