"""Reporting as a resident, without an account: the public form at /melden/, the tracking code on the thank-you page,
following the report with that code, and the form in English. Every state is checked with axe."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import zicht
from zicht.reports import rules
from zicht.reports.models import Report

from .support import assert_accessible, heading

# Writes through the live server (a session, a form): also on PostgreSQL (conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.every_engine]

# A Deventer demo address in the Deltabuurt (src/zicht/demo/data/addresses.csv).
POSTCODE, HOUSE_NUMBER, NEIGHBOURHOOD = "7416 LD", "44", "BU01500601"
# 120 bits in base32: six groups of four (rules.new_tracking_code).
CODE_FORMAT = re.compile(r"^[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}$")
DESCRIPTION = "Elke nacht na twee uur harde muziek en geschreeuw uit het portiek op nummer 44."


CATALOG = Path(zicht.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"


@pytest.fixture
def english_catalog() -> None:
    # As in test_language: compiled by `make install-test` where gettext is installed; CI must have it.
    if not CATALOG.is_file():
        message = f"no compiled English catalog at {CATALOG} (run `make messages`; needs gettext)"
        if os.environ.get("ZICHT_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _no_tiles(page) -> None:
    # The point picker asks PDOK for tiles; the test machine answers them itself.
    page.route("https://service.pdok.nl/**", lambda route: route.fulfill(status=204, body=""))


def _submit(page, button: str) -> None:
    """Press a form's button and wait for the answer page: a POST may answer on the same URL."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def _facts(page) -> dict[str, str]:
    """The tracking page's status facts, term → value."""
    facts = page.locator("dl.report-status__facts")
    terms = [" ".join(t.split()) for t in facts.locator("dt").all_inner_texts()]
    values = [" ".join(v.split()) for v in facts.locator("dd").all_inner_texts()]
    return dict(zip(terms, values, strict=True))


def test_resident_reports_and_follows_the_code(page, base_url, page_events):
    _no_tiles(page)
    before = Report.objects.count()
    page.goto(f"{base_url}/melden/")
    assert heading(page) == "Melding doen"
    assert page.locator("nav.site-nav").count() == 0, "the public form shows no staff navigation"
    assert_accessible(page)

    # An empty description: the error is shown, nothing is stored and what was typed stays.
    page.get_by_label("Geluidsoverlast").check()
    page.get_by_label("Postcode").fill(POSTCODE)
    page.get_by_label("Huisnummer").fill(HOUSE_NUMBER)
    _submit(page, "Melding versturen")
    summary = page.get_by_role("alert").filter(has_text="Controleer de invoer")
    assert summary.is_visible()
    assert "Beschrijf wat er aan de hand is." in summary.inner_text()
    assert page.get_by_label("Postcode").input_value() == POSTCODE
    assert page.get_by_label("Huisnummer").input_value() == HOUSE_NUMBER
    assert page.get_by_label("Geluidsoverlast").is_checked()
    assert Report.objects.count() == before, "a refused report was stored"
    assert_accessible(page)

    page.get_by_label("Wat is er aan de hand?").fill(DESCRIPTION)
    _submit(page, "Melding versturen")
    assert heading(page) == "Bedankt voor uw melding"
    code = page.locator("[data-tracking-code]").inner_text().strip()
    assert CODE_FORMAT.match(code), code
    assert code not in page.url, "the tracking code must never be in a URL"
    report = Report.objects.get(tracking_digest=rules.tracking_digest(code))
    assert (report.category, report.neighbourhood.code, report.status) == ("noise", NEIGHBOURHOOD, "reported")
    assert report.anonymous and report.created_by is None
    assert report.reference in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Melding volgen met uw code").click()
    page.wait_for_url(f"{base_url}/melden/volgen/")
    assert heading(page) == "Melding volgen"
    page.get_by_label("Volgcode").fill(code.lower())  # readers type codes in lower case too
    _submit(page, "Bekijk de status")
    facts = _facts(page)
    assert facts["Status"] == "Gemeld"
    assert facts["Onderwerp"] == "Geluidsoverlast"
    main = page.locator("main").inner_text()
    assert DESCRIPTION not in main and report.reference not in main, "the public status shows nothing of the report"
    assert_accessible(page)

    # A code of the right shape that belongs to no report, then one of the wrong shape: the same answer.
    for wrong in (rules.new_tracking_code(), "ABCD-1234"):
        page.get_by_label("Volgcode").fill(wrong)
        _submit(page, "Bekijk de status")
        assert page.get_by_text("We vinden geen melding met deze volgcode.").first.is_visible()
        assert page.locator("dl.report-status__facts").count() == 0
    assert_accessible(page)
    page_events.assert_clean()


def test_public_form_in_english(english_catalog, page, base_url, page_events):
    _no_tiles(page)
    page.goto(f"{base_url}/melden/")
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url == f"{base_url}/melden/", "the switch comes back to the form"
    assert heading(page) == "Make a report"
    assert page.get_by_text("What is your report about?").is_visible()
    assert page.get_by_label("What is going on?").is_visible()
    assert page.get_by_role("button", name="Send report").is_visible()
    assert page.get_by_label("Noise nuisance").is_visible()

    # Too short a description: the error in the reporter's language, the address kept.
    page.get_by_label("Noise nuisance").check()
    page.get_by_label("What is going on?").fill("Loud")
    page.get_by_label("Postcode").fill(POSTCODE)
    _submit(page, "Send report")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Describe what is going on in at least 10 characters.").first.is_visible()
    assert page.get_by_label("Postcode").input_value() == POSTCODE
    assert_accessible(page)
    page_events.assert_clean()
