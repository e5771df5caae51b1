"""Browser tests: one headless Debian Chromium, a fresh page per test, the demo data set as fixture.

The demo is built once, when the first browser test starts, and kept as a copy of the test database (snapshots.py);
after each test that may have written, the test database is put back to that copy, and after the last browser test
to the state it had before the demo, for the tests that run after them in the same process. On PostgreSQL only the
browser tests that write through the live server run (tests/conftest.py says why).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from .snapshots import snapshots_for
from .support import PageEvents

# Playwright's sync API runs an asyncio loop in the main thread; the ORM calls of the test itself (demo load,
# restoring the copy after each test) would otherwise be refused as "async unsafe".
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


def _serialise_requests(live_server) -> None:
    """On in-memory SQLite, let the live server answer one request at a time.

    Its request threads share one SQLite connection (Django's live server passes the test's connection on), so two
    requests at once (a page and the fetches its scripts still make, or the page the browser moves on to) run their
    transactions interleaved on it; the session save every request makes then fails with "database table is locked",
    which Django reports as a 400. A real installation gives every request its own connection and does not share
    this. Locking per request, not per connection, keeps the browser's parallel keep-alive connections open.
    """
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        return
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()

    httpd.set_app(one_at_a_time)


@pytest.fixture(scope="package")
def chromium(live_server, demo_database) -> Iterator:
    # Depends on live_server so that the browser, and every connection it keeps open, closes before the server stops.
    # Depends on demo_database so that the demo is built, and after the last browser test put back, outside
    # Playwright's greenlet: there the ORM sees another database connection than the tests do, and the test's own
    # connection would be cut by the copy's pg_terminate_backend while Django still thought it open.
    if not CHROMIUM.is_file():
        _unavailable(f"no Chromium at {CHROMIUM}")
    _serialise_requests(live_server)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()
    _wait_for_request_threads()


@pytest.fixture
def browser_context(chromium, demo_data) -> Iterator:
    # Dutch is the staff language; the Accept-Language of the browser says so like a Dutch officer's would.
    context = chromium.new_context(viewport=VIEWPORT, locale="nl-NL", timezone_id="Europe/Amsterdam")
    # Generous: the suite runs beside other work on two CPUs, and a page that is slow there is not broken.
    context.set_default_timeout(30_000)
    yield context
    # A context per test, closed before demo_data puts the database back: closing it closes the browser's
    # keep-alive connections, so the live server's request threads end and no request still reads the database.
    context.close()


@pytest.fixture(autouse=True)
def _live_server_helper(request) -> Iterator[None]:
    """pytest-django's helper of the same name, without the transactional_db it asks for: that fixture flushes the
    database after every test, and the demo would have to be built again for the next one."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="package")
def demo_database(django_db_setup, django_db_blocker) -> Iterator:
    """The demo data set, built once and committed (the live server only sees committed data), with a copy of it."""
    with django_db_blocker.unblock():
        snapshots = snapshots_for(connection)
        snapshots.save("before_demo")
        call_command("demo", quiet=True)
        snapshots.save("demo")
    yield snapshots
    with django_db_blocker.unblock():
        _wait_for_request_threads()
        snapshots.restore("before_demo")
        snapshots.drop()


@pytest.fixture
def demo_data(demo_database, django_db_blocker) -> Iterator[None]:
    """The demo data set, as a new user sees it; whatever the test and the live server write is undone afterwards."""
    with django_db_blocker.unblock():
        before = demo_database.changes()
        yield
        _wait_for_request_threads()
        if before is None or demo_database.changes() != before:
            demo_database.restore("demo")


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def page_events() -> PageEvents:
    return PageEvents()


@pytest.fixture
def page(browser_context, demo_data, base_url, page_events) -> Iterator:
    """A fresh tab, logged out; fails the test afterwards if the page broke its CSP or threw a script error."""
    page = browser_context.new_page()
    page_events.attach(page)
    yield page
    page.close()
    page_events.assert_clean()
