"""Built-in robot: run a step recipe in headless Chromium with selenium (plain Python).

A recipe is a list of steps, dicts with ``action`` ("open_url", "fill", "click",
"wait", "download"), ``selector`` (CSS), ``value`` (the URL or the text to type, already
resolved by the caller), ``timeout`` (seconds) and ``description`` (what is logged:
never the value). The run ends at the first ``download`` step, which clicks its
selector and waits for a file in a private temporary folder.

Every wait is bounded; the browser is always closed. Errors are :class:`RunnerError`
whose text names the step, never a typed value.
"""

import os
import resource
import tempfile
import time
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_LOAD_TIMEOUT = 60
ACTIONS = ("open_url", "fill", "click", "wait", "download")
_PARTIAL = (".crdownload", ".tmp", ".part")


class RunnerError(Exception):
    """The recipe could not be run to its download; the message is safe to log."""


def _unlimited_memory():
    # Odoo caps its own address space (limit_memory_hard); Chromium reserves far more
    # virtual memory than it uses and dies under that cap, so lift it for the browser
    # (as Odoo's own test browser does).
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def _driver(download_dir, chromedriver):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1024", "--disable-extensions"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True,  # a PDF link downloads instead of opening a viewer
    })
    try:
        driver = webdriver.Chrome(
            service=Service(executable_path=chromedriver, popen_kw={"preexec_fn": _unlimited_memory}),
            options=options,
        )
    except WebDriverException as exc:
        raise RunnerError(f"Headless Chromium could not start: {_first_line(exc)}") from None
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return driver


def _first_line(exc):
    return (getattr(exc, "msg", None) or type(exc).__name__).splitlines()[0][:200]


def _visible(driver, selector, timeout):
    return WebDriverWait(driver, timeout).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def _wait_download(download_dir, timeout):
    """The (name, bytes) of the first completed download, waiting up to ``timeout`` s.

    Chromium may create the final name (empty) before it renames the partial file onto
    it: a download is complete when no partial file is left and its size is stable.
    """
    deadline = time.monotonic() + timeout
    last_size = None
    while time.monotonic() < deadline:
        names = sorted(os.listdir(download_dir))
        done = [name for name in names if not name.endswith(_PARTIAL)]
        if done and len(done) == len(names):
            path = os.path.join(download_dir, done[0])
            size = os.path.getsize(path)
            if size and size == last_size:
                with open(path, "rb") as handle:
                    return done[0], handle.read()
            last_size = size
        time.sleep(0.2)
    raise TimeoutException("no file downloaded")


def parse_host(host):
    """``(hostname, port or None)`` of a "host[:port]" text, or None when it is not one."""
    try:
        parts = urlsplit(f"//{(host or '').strip()}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    return parts.hostname.lower(), port


def on_host(url, host):
    """Whether ``url`` is a page of ``host`` ("host[:port]"; without a port, the default
    port of the page's http(s) scheme)."""
    allowed = parse_host(host)
    try:
        parts = urlsplit(url or "")
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    if not allowed or parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    name, allowed_port = allowed
    return parts.hostname.lower() == name and port == (allowed_port or {"http": 80, "https": 443}[parts.scheme])


def _perform(driver, step, download_dir):
    action, selector, timeout = step["action"], step.get("selector"), step.get("timeout") or 20
    if action == "open_url":
        driver.get(step["value"])
    elif action == "fill":
        element = _visible(driver, selector, timeout)
        # a secret is typed only into a page of the host it belongs to (checked right
        # before typing: the recipe, redirects or scripts may have moved the browser)
        if step.get("allowed_host") and not on_host(driver.current_url, step["allowed_host"]):
            raise RunnerError("the page is not on the operator's portal host; the password was not typed")
        element.clear()
        element.send_keys(step.get("value") or "")
    elif action == "click":
        WebDriverWait(driver, timeout).until(
            expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector))).click()
    elif action == "wait":
        _visible(driver, selector, timeout)
    elif action == "download":
        _visible(driver, selector, timeout).click()
        return _wait_download(download_dir, timeout)
    else:
        raise RunnerError(f"Unknown step action: {action}")
    return None


def run(steps, log, chromedriver=CHROMEDRIVER):
    """Run ``steps``; return ``(filename, content)`` of the downloaded file.

    ``log(line)`` receives one line per step (its description). Raises
    :class:`RunnerError` on a timeout, a browser error or a recipe without download.
    """
    with tempfile.TemporaryDirectory(prefix="invoice_rpa_") as download_dir:
        driver = _driver(download_dir, chromedriver)
        try:
            for index, step in enumerate(steps, 1):
                log(f"Step {index}: {step['description']}")
                try:
                    result = _perform(driver, step, download_dir)
                except TimeoutException:
                    raise RunnerError(
                        f"Step {index} ({step['description']}) timed out after {step.get('timeout') or 20} s"
                    ) from None
                except WebDriverException as exc:
                    raise RunnerError(f"Step {index} ({step['description']}) failed: {_first_line(exc)}") from None
                except RunnerError as exc:
                    raise RunnerError(f"Step {index} ({step['description']}) refused: {exc}") from None
                if result:
                    return result
        finally:
            driver.quit()
    raise RunnerError("The recipe ended without a download step.")
