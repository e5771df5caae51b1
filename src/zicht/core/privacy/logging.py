"""A logging filter that keeps BSNs and other 9-digit person numbers out of every log line."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from stdnum.nl import bsn as stdnum_bsn

# Nine digits, optionally grouped as 123.456.782, 123 456 782 or 123-456-782, not part of a longer number.
NINE_DIGITS = re.compile(r"(?<![\d])(\d{3}[ .-]?\d{3}[ .-]?\d{3})(?![\d])")
REDACTED = "[BSN verwijderd]"
# Only for rendering a traceback before the handler's own formatter would, so it can be redacted first.
_TRACEBACK_FORMATTER = logging.Formatter()


def redact_person_numbers(text: str) -> str:
    """`text` with every number that passes the BSN eleven-test replaced."""

    def replace(match: re.Match[str]) -> str:
        return REDACTED if stdnum_bsn.is_valid(re.sub(r"\D", "", match.group(1))) else match.group(0)

    return NINE_DIGITS.sub(replace, text)


class RedactPersonNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_person_numbers(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # A formatter renders exc_info into exc_text only after the filters ran: render it here, so the text of
        # an exception (e.g. "invalid BSN 123456782") is redacted too.
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACK_FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_person_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_person_numbers(record.stack_info)
        return True


def login_attempt_username(request, credentials: dict | None = None) -> str | None:
    """The username django-axes stores with a failed login, with a BSN typed into the field redacted."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(field)
    return redact_person_numbers(username) if isinstance(username, str) else username
