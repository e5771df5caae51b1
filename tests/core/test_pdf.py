"""The shared PDF renderer: a template of Dutch text with a table becomes a PDF whose text reads back, and it
fetches nothing but Zicht's own static files."""

from __future__ import annotations

import copy
import io

import pytest
from pypdf import PdfReader

from zicht.core import pdf

PAGE = """{% extends "core/pdf/base.html" %}
{% block title %}Voortgangsrapportage{% endblock %}
{% block content %}
<h1>Voortgangsrapportage huisvesting</h1>
<p>Het {{ word }} van de gemeente is besproken met de provincie.</p>
<table>
  <caption>Locaties per gemeente</caption>
  <thead><tr><th>Gemeente</th><th class="num">Bedden</th></tr></thead>
  <tbody>{% for name, beds in rows %}<tr><td>{{ name }}</td><td class="num">{{ beds }}</td></tr>{% endfor %}</tbody>
</table>
<img src="https://tiles.example.org/logo.png" alt="">
{% endblock %}
"""


def _fonts(reader: PdfReader):
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            yield font.get_object()


@pytest.fixture
def page_template(tmp_path, settings):
    (tmp_path / "rapport.html").write_text(PAGE, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return "rapport.html"


def test_dutch_text_with_an_e_acute_and_a_table_reads_back_from_the_pdf(page_template, monkeypatch):
    fetched = []
    real_static_file_for = pdf.static_file_for
    monkeypatch.setattr(pdf, "static_file_for", lambda url: fetched.append(url) or real_static_file_for(url))
    data = pdf.render_pdf(
        page_template, {"word": "overleg met één café-eigenaar", "rows": [("Deventer", 120), ("Tiel", 45)]}
    )
    assert data.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "één café-eigenaar" in text and "Voortgangsrapportage huisvesting" in text
    fonts = {font["/BaseFont"] for font in _fonts(PdfReader(io.BytesIO(data)))}
    assert any("DejaVu-Sans" in name for name in fonts), fonts  # Debian's fonts-dejavu-core, embedded
    assert "Deventer" in text and "120" in text and "Tiel" in text
    # The print stylesheet came from the static files; the outside image was asked for and refused.
    assert any(url.endswith("/static/zicht/css/print.css") for url in fetched)
    assert "https://tiles.example.org/logo.png" in fetched


def test_an_accented_word_survives(page_template):
    data = pdf.render_pdf(page_template, {"word": "café-overleg over het beleid", "rows": []})
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "café-overleg" in text


@pytest.mark.parametrize(
    "url",
    [
        "https://tiles.example.org/logo.png",
        "http://zicht.pdf/media/photo.jpg",
        "http://zicht.pdf/static/../settings.py",
        "file:///etc/passwd",
        "http://zicht.pdf/static/zicht/css/nonexistent.css",
    ],
)
def test_nothing_but_local_static_files_is_served(url):
    assert pdf.static_file_for(url) is None


def test_a_static_file_is_found():
    assert pdf.static_file_for("http://zicht.pdf/static/zicht/css/print.css").name == "print.css"
