"""Helpers of the browser tests: log in and out through the real forms, the accessibility check, page events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest

DEMO_PASSWORD = "zicht-demo-2026"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
BLOCKING_IMPACTS = ("critical", "serious")


def assert_accessible(page, *, context: str | None = None, known: dict[str, str] | None = None) -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation, naming rule and elements.

    `known` switches off rules that third-party markup breaks and we cannot change, each with the reason why.
    """
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if known:
        options["rules"] = {rule: {"enabled": False} for rule in known}
    results = Axe().run(page, context=context, options=options)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if not blocking:
        return
    lines = [f"axe: {len(blocking)} serious/critical violation(s) on {page.url}"]
    for violation in blocking:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}  |  {node.get('html', '')[:160]}  |  {summary[:300]}")
    pytest.fail("\n".join(lines), pytrace=False)


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill and submit the login form as a person would."""
    page.goto(f"{base_url}/inloggen/")
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(password)
    form.locator("[type='submit']").click()
    page.wait_for_load_state()


def logout(page, base_url: str) -> None:
    """Log out with the header's logout button (a POST form) and land on the login page."""
    page.locator("form[action$='/uitloggen/'] [type='submit']").click()
    page.wait_for_url(f"{base_url}/inloggen/**")


def heading(page) -> str:
    return " ".join(page.get_by_role("heading", level=1).first.inner_text().split())


@dataclass
class PageEvents:
    """What a page did beside rendering: requests it sent, CSP refusals and uncaught script errors."""

    requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))

    def _on_console(self, page, message) -> None:
        if message.type == "error" and re.search(r"content security policy", message.text, re.IGNORECASE):
            self.csp_violations.append(f"{page.url}: {message.text}")

    def foreign_requests(self) -> list[str]:
        """Requests that left this machine (anything but the live server on localhost, data: and blob: URLs)."""
        foreign = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in {"data", "blob", "about"}:
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                foreign.append(url)
        return foreign

    def assert_clean(self) -> None:
        problems = [f"CSP refused: {text}" for text in self.csp_violations]
        problems += [f"script error: {text}" for text in self.script_errors]
        if problems:
            pytest.fail("the page misbehaved in the browser:\n" + "\n".join(problems), pytrace=False)
