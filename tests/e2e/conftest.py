"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them on their own (``make test-e2e``, i.e. ``pytest -m e2e tests/e2e``); the default run leaves them out.
Every journey gets a fresh browser context, saves numbered screenshots under ``tests/e2e/screenshots/<test>/``
and fails on any error the browser logs (console errors and uncaught page errors).
"""

import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.conftest import totp_code

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# Headless Chromium without the sandbox (we run as root in CI) and without any call home: this machine has
# no network but the package registries, and the journeys must download nothing.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--lang=zh-CN"]
SCREENSHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, a test database in a file rather than in memory: the live server then answers each request
    on its own connection instead of sharing the test thread's one across its request threads."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        folder = tempfile.mkdtemp(prefix="anquan-e2e-db-")
        database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "e2e.sqlite3")
        yield
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield


def _in_worker_thread(function, *args, **kwargs):
    """Run ``function`` in a thread of its own and return its result.

    While Playwright's sync API is started, its event loop counts as running in the test's thread: Django
    refuses ORM calls there and the document services cannot sign a PDF (pyHanko calls ``asyncio.run``).
    """

    def run():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


class Journey:
    """One user journey in the browser: log in as demo users, take screenshots, collect the browser's errors."""

    def __init__(self, browser, base_url: str, name: str, password: str):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.password = password
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.shots = 0
        self.errors: list[str] = []
        self.allowed: list[re.Pattern] = []
        self.context = None
        self.page = None
        self.open(**DESKTOP)

    def open(self, *, width: int, height: int, mobile: bool = False):
        """A fresh browser context (no cookies) with one page of the given viewport."""
        self.close()
        self.context = self.browser.new_context(
            base_url=self.base_url, locale="zh-CN", timezone_id=settings.TIME_ZONE, accept_downloads=True,
            viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile,
            device_scale_factor=2 if mobile else 1)
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        return self.page

    def close(self):
        if self.context is not None:
            self.context.close()
            self.context = None

    def _console(self, message):
        if message.type != "error":
            return
        text = f"console: {message.text} ({message.location.get('url', '')})"
        if not any(pattern.search(text) for pattern in self.allowed):
            self.errors.append(text)

    def allow_console_errors(self, pattern: str):
        """Accept the browser errors matching ``pattern`` — only for failures a journey provokes on purpose."""
        self.allowed.append(re.compile(pattern))

    def setup(self, function, *args, **kwargs):
        """A step done through the services rather than the browser (e.g. getting an item to a given level)."""
        return _in_worker_thread(function, *args, **kwargs)

    def log_in(self, username: str, password: str | None = None):
        """Log in through the log-in page, as a person would, after dropping the previous user's cookies."""
        page = self.page
        self.context.clear_cookies()
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password or self.password)
        page.get_by_role("button", name="登录").click()
        if password is None:
            expect(page).not_to_have_url(re.compile(r"/accounts/login/(\?|$)"))
            if "/accounts/login/otp/" in page.url:
                # The director and the 三员 pass the TOTP step with the code of the demo's documented secret.
                page.locator("input[name=otp]").fill(self.setup(totp_code, username))
                page.get_by_role("button", name="验证").click()
            expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        return page

    def shot(self, name: str, *, full_page: bool = True):
        """Save the page as ``NN-name.png`` in the journey's folder."""
        self.shots += 1
        # A Turbo visit has no load event: wait for the web fonts and the page's images before the picture.
        # Polled with evaluate: Playwright's wait_for_function compiles its predicate in the page, which the
        # Content-Security-Policy (no 'unsafe-eval') forbids; evaluate runs through the debugger protocol.
        ready = ("document.fonts.status === 'loaded' && [...document.images]"
                 ".filter(image => image.loading !== 'lazy').every(image => image.complete)")
        deadline = time.monotonic() + 30
        while not self.page.evaluate(ready):
            assert time.monotonic() < deadline, "the page's fonts and images did not finish loading"
            self.page.wait_for_timeout(100)
        self.page.screenshot(path=self.folder / f"{self.shots:02d}-{name}.png", full_page=full_page)


@pytest.fixture
def journey(request, live_server, demo, demo_password):
    """A browser journey against the live server with the demo district loaded.

    Chromium is started for each journey, after the database is ready and stopped before it is flushed, with
    a fresh temporary profile (Playwright's plain launch passes its own ``--user-data-dir``).
    """
    # Issuing documents renders and signs PDFs: a step may take a few seconds on a 2-core machine.
    expect.set_options(timeout=30_000)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test-e2e` installs Debian's chromium (as root).")
    args = [*CHROMIUM_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with sync_playwright() as playwright:
        # Chromium's own strings (date fields, file pickers) follow LANGUAGE; chromium-l10n has the zh-CN ones.
        # LANG stays as it is: a zh_CN locale the system lacks would leave Chromium unable to open the
        # evidence files' Chinese names.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True,
                                             env={**os.environ, "LANGUAGE": "zh_CN:zh"})
        journey = Journey(browser, live_server.url, request.node.name, demo_password)
        try:
            yield journey
        finally:
            journey.close()
            browser.close()
    if journey.errors:
        pytest.fail("The browser logged errors:\n" + "\n".join(journey.errors), pytrace=False)
