"""Recognising the reporter's language from the text, with py3langid (its model ships with the package)."""

from __future__ import annotations

import functools

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from . import rules

# Below this many letters a guess is mostly noise ("afval", "ok"): no language is recorded then.
MIN_LETTERS = 12
# The probability the best portal language needs. Dutch and Afrikaans share most words, so a short Dutch sentence
# may score 0.45 for Dutch and 0.55 for Afrikaans; 0.4 still takes it, while a Danish or Russian text (whose own
# language wins by far) gives nothing rather than a wrong portal language.
MIN_PROBABILITY = 0.4


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    # Loaded once, on first use: the model takes a moment and most processes never need it. py3langid 0.4 loads
    # with from_model_file, earlier releases with from_pickled_model.
    load = getattr(LanguageIdentifier, "from_model_file", None) or LanguageIdentifier.from_pickled_model
    return load(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """The portal languages the model can recognise (Tigrinya, for one, it cannot)."""
    identifier = _identifier()
    labels = getattr(identifier, "labels", None) or identifier.nb_classes
    return frozenset(rules.PORTAL_LANGUAGES) & frozenset(labels)


def detect_language(text: str) -> str:
    """The portal language `text` is written in, or "" when the text is too short or the model is unsure.

    The model ranks all its languages rather than only the portal ones: restricted to the portal languages it
    would call a Russian text Ukrainian with confidence. The answer is still always a portal language or "".
    """
    text = (text or "").strip()
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return ""
    wanted = known_languages()
    for language, probability in _identifier().rank(text):
        if language in wanted:
            return language if probability >= MIN_PROBABILITY else ""
    return ""
