# ruff: noqa: RUF001 - Cyrillic sample texts
"""The reporter's language recognised from the text: a portal language, or nothing when unsure."""

from __future__ import annotations

import pytest

from zicht.reports import rules
from zicht.reports.language import detect_language, known_languages


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Er staan al weken vuilniszakken naast de containers bij de flat.", "nl"),
        ("Ze slapen met twaalf man in een kamer boven de winkel.", "nl"),
        ("There is rubbish next to the bins every weekend and nobody cleans it up.", "en"),
        ("W domu mieszka za dużo ludzi, jest bardzo głośno w nocy.", "pl"),
        ("În casă locuiesc prea mulți oameni și este zgomot noaptea.", "ro"),
        ("В къщата живеят твърде много хора, през нощта е шумно.", "bg"),
        ("Мій роботодавець забрав мій паспорт і не платить зарплату.", "uk"),
        ("Zu viele Menschen wohnen in diesem Haus, nachts ist es laut.", "de"),
    ],
)
def test_recognises_portal_languages(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "afval", "Lawaai!!", "12345 67890 !!! ???", "ok ok"])
def test_short_or_letterless_text_gives_nothing(text):
    assert detect_language(text) == ""


def test_a_language_outside_the_portal_is_not_forced_onto_a_portal_language():
    # Restricted to the portal languages, Russian would come out as Ukrainian; Danish as German.
    assert detect_language("В доме живёт слишком много людей, ночью очень шумно.") == ""
    assert detect_language("Der bor for mange mennesker i dette hus, og der er larm om natten.") == ""


def test_the_answer_is_always_a_portal_language_the_model_knows():
    known = known_languages()
    assert known <= set(rules.PORTAL_LANGUAGES)
    assert {"nl", "en", "pl", "ro", "bg", "uk"} <= known
    assert "ti" not in known  # Tigrinya: the model does not have it
