"""The colour tokens of zicht.css meet WCAG 2.1 AA: 4.5:1 for text, 3:1 for borders and focus rings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zicht

CSS = Path(zicht.__file__).parent / "static" / "zicht" / "css" / "zicht.css"

# (foreground token, background token, minimum ratio)
TEXT = 4.5
NON_TEXT = 3.0
PAIRS = [
    ("text", "background", TEXT),
    ("text", "surface", TEXT),
    ("text", "surface-accent", TEXT),
    ("text", "warning-surface", TEXT),
    ("text", "error-surface", TEXT),
    ("text", "focus-outer", TEXT),  # a focused link turns yellow with dark text
    ("text-muted", "background", TEXT),
    ("text-muted", "surface", TEXT),
    ("link", "background", TEXT),
    ("link", "surface", TEXT),  # zebra rows
    ("link", "surface-accent", TEXT),
    ("link", "warning-surface", TEXT),
    ("link", "error-surface", TEXT),
    ("link-hover", "background", TEXT),
    ("ribbon", "background", TEXT),  # h1 and key figures
    ("ribbon", "surface-accent", TEXT),
    ("ribbon-text", "ribbon", TEXT),
    ("nav-text", "nav", TEXT),
    ("nav-text", "nav-active", TEXT),
    ("button-text", "button", TEXT),
    ("button-text", "button-hover", TEXT),
    ("error", "background", TEXT),
    ("error", "error-surface", TEXT),
    ("warning-text", "background", TEXT),
    ("success", "background", TEXT),
    ("border", "background", NON_TEXT),  # form field borders
    ("focus-inner", "background", NON_TEXT),
    ("focus-outer", "ribbon", NON_TEXT),
    ("focus-outer", "nav", NON_TEXT),
]


def tokens() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", CSS.read_text(), re.S).group(1)
    return dict(re.findall(r"--zicht-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") < TEXT  # the classic grey that fails AA


@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_colour_pair_meets_wcag_aa(foreground, background, minimum):
    colours = tokens()
    ratio = contrast(colours[foreground], colours[background])
    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f} < {minimum}"


def test_stylesheet_uses_tokens_not_loose_colours():
    # Colours outside :root would escape the contrast check above.
    body = re.sub(r":root\s*\{.*?\}", "", CSS.read_text(), count=1, flags=re.S)
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b", body) == []
