"""Language switch: the staff interface in English and back to Dutch, through the header's buttons."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import zicht

from .support import login

pytestmark = pytest.mark.e2e

CATALOG = Path(zicht.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"


@pytest.fixture
def english_catalog() -> None:
    # `make install-test` compiles it when gettext's msgfmt is there; CI installs gettext, so there it must exist.
    if not CATALOG.is_file():
        message = f"no compiled English catalog at {CATALOG} (run `make messages`; needs gettext)"
        if os.environ.get("ZICHT_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def _nav_labels(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator("nav.site-nav a").all_inner_texts()]


def test_switch_to_english_and_back_to_dutch(english_catalog, page, base_url):
    login(page, base_url, "gemeente")
    assert _lang(page) == "nl"
    assert "Gemeenten" in _nav_labels(page)
    assert page.get_by_role("button", name="Uitloggen").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url == f"{base_url}/", "the switch should come back to the page it was pressed on"
    labels = _nav_labels(page)
    assert "Municipalities" in labels and "Addresses" in labels, labels
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_role("button", name="English").get_attribute("aria-current") == "true"

    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    assert "Gemeenten" in _nav_labels(page)
    assert page.get_by_role("button", name="Uitloggen").is_visible()
