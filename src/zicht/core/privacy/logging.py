"""A logging filter that keeps BSNs and other 9-digit person numbers out of every log line."""

from __future__ import annotations

import logging
import re

from stdnum.nl import bsn as stdnum_bsn

# Nine digits, optionally grouped as 123.456.782 or 123 456 782, not part of a longer number.
NINE_DIGITS = re.compile(r"(?<![\d])(\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d])")
REDACTED = "[BSN verwijderd]"


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
        if record.exc_text:
            record.exc_text = redact_person_numbers(record.exc_text)
        return True
