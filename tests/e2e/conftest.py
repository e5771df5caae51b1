"""Browser tests: one headless Debian Chromium per session, a fresh page per test, the demo data set as fixture."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from .support import PageEvents

# Playwright's sync API runs an asyncio loop in the main thread; the ORM calls of the test itself (demo load,
# flush after each test) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("ZICHT_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 800}


def _unavailable(reason: str) -> None:
    """Skip the browser tests on a machine without Chromium; CI (ZICHT_REQUIRE_BROWSER=1) must have it."""
    if os.environ.get("ZICHT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ZICHT_REQUIRE_BROWSER=1 but {reason}: install Debian's chromium package", pytrace=False)
    pytest.skip(reason)


def _wait_for_request_threads(timeout: float = 5.0) -> None:
    """Let the live server's request threads finish closing their keep-alive connections.

    They share the in-memory SQLite connection; were the live server stopped while one still closes, that thread
    would use the connection after its thread sharing ended and die with a DatabaseError.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [t for t in threading.enumerate() if "process_request_thread" in t.name and t.is_alive()]
        if not busy:
            return
        busy[0].join(timeout=0.1)


@pytest.fixture(scope="session")
def chromium(live_server) -> Iterator:
    # Depends on live_server so that the browser, and every connection it keeps open, closes before the server stops.
    if not CHROMIUM.is_file():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()
    _wait_for_request_threads()


@pytest.fixture(scope="session")
def browser_context(chromium) -> Iterator:
    # Dutch is the staff language; the Accept-Language of the browser says so like a Dutch officer's would.
    context = chromium.new_context(viewport=VIEWPORT, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def demo_data(transactional_db) -> None:
    """The demo data set, as a new user sees it; the live server only sees committed data, hence transactional."""
    call_command("demo", quiet=True)


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def page_events() -> PageEvents:
    return PageEvents()


@pytest.fixture
def page(browser_context, demo_data, base_url, page_events) -> Iterator:
    """A fresh tab, logged out; fails the test afterwards if the page broke its CSP or threw a script error."""
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page_events.attach(page)
    yield page
    page.close()
    page_events.assert_clean()
