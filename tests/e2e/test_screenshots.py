"""The README's screenshots, made from the demo data in the real browser; only with ZICHT_SCREENSHOTS=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .support import heading, login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("ZICHT_SCREENSHOTS") != "1", reason="screenshots are remade only with ZICHT_SCREENSHOTS=1"
    ),
]

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _save(page, name: str) -> Path:
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / name
    # Animations off and the caret hidden, so the same page gives the same picture.
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    return path


def test_screenshot_of_the_login_page(page, base_url):
    page.goto(f"{base_url}/inloggen/")
    assert heading(page) == "Inloggen"
    _save(page, "login.png")


def test_screenshot_of_the_deventer_dashboard(page, base_url):
    login(page, base_url, "gemeente")
    assert "Deventer" in heading(page)
    assert page.viewport_size == {"width": 1280, "height": 800}
    _save(page, "dashboard-gemeente.png")
