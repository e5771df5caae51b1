"""Keyboard use: the skip link is the first stop and takes focus past the header to the main content."""

from __future__ import annotations

import pytest

from .support import login

pytestmark = pytest.mark.e2e


def _active_element(page) -> dict:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href')}; }"
    )


@pytest.mark.parametrize("path", ["/", "/gebieden/gemeenten/"], ids=["dashboard", "municipality-list"])
# The login page is left out on purpose: its username field has autofocus, so a keyboard user starts in the form.
def test_first_tab_focuses_a_visible_skip_link_that_moves_focus_to_main(page, base_url, path):
    login(page, base_url, "gemeente")
    page.goto(base_url + path)

    page.keyboard.press("Tab")
    focused = _active_element(page)
    assert focused["tag"] == "a" and focused["href"] == "#main", f"first Tab focused {focused}, not the skip link"

    skip_link = page.locator("a[href='#main']").first
    box = skip_link.bounding_box()
    # A visually hidden link still has a 1x1 box; a link a sighted keyboard user can see is larger and on screen.
    assert box is not None and box["width"] > 20 and box["height"] > 10, f"skip link not shown on focus: {box}"
    assert 0 <= box["x"] < 1280 and 0 <= box["y"] < 800, f"skip link focused off screen: {box}"
    assert skip_link.evaluate("el => getComputedStyle(el).visibility") == "visible"

    page.keyboard.press("Enter")
    focused = _active_element(page)
    assert focused["tag"] == "main", f"after activating the skip link focus is on {focused}, not <main>"
    assert page.url.endswith("#main")
