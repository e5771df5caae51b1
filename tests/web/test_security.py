"""Security headers on every page, and HTML that the Content-Security-Policy can allow: no inline script or style."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

ROLE_FIXTURES = [
    "officer_a",
    "registration_officer_a",
    "province_director",
    "regional_coordinator",
    "market_party_user",
    "administrator",
]


class InlineCodeFinder(HTMLParser):
    """Collects everything a strict CSP would block: inline <script>, <style> blocks, style= and on*= attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>: {value}")
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_finder_catches_inline_code():
    html = '<script>alert(1)</script><p style="color:red" onclick="x()">a</p><style>p{}</style>'
    assert len(inline_code(html)) == 4
    assert inline_code('<script src="/static/zicht/js/zicht.js" defer></script>') == []


def assert_secure(response) -> None:
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def assert_clean_html(response) -> None:
    problems = inline_code(response.content.decode())
    assert problems == [], f"{response.wsgi_request.path}: {problems}"


@pytest.mark.django_db
def test_anonymous_pages(client, officer_a):
    pages = [
        client.get(reverse("login")),
        client.post(reverse("login"), {"username": "officer_a", "password": "wrong"}),
        client.get("/bestaat-niet/"),
    ]
    for response in pages:
        assert_secure(response)
        assert_clean_html(response)


@pytest.mark.django_db
def test_locked_out_page(client, officer_a):
    for _ in range(6):
        response = client.post(reverse("login"), {"username": "officer_a", "password": "wrong"})
    assert response.status_code == 403
    assert_secure(response)
    assert_clean_html(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ROLE_FIXTURES)
def test_every_page_in_the_navigation(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert dashboard["Cache-Control"] == "no-store" or "no-store" in dashboard["Cache-Control"]
    urls = [item["url"] for item in dashboard.context["navigation"]]
    assert reverse("dashboard") in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure(response)
        assert_clean_html(response)


@pytest.mark.django_db
def test_static_assets_are_served(client):
    for path in ("/static/zicht/css/zicht.css", "/static/zicht/js/zicht.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Content-Type-Options"] == "nosniff"
