"""The log filter and the failed-login username keep BSNs out; other numbers are left alone."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import RequestFactory

from zicht.core.privacy.logging import (
    REDACTED,
    RedactPersonNumbersFilter,
    login_attempt_username,
    redact_person_numbers,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bsn 111222333.", f"bsn {REDACTED}."),
        ("111.222.333", REDACTED),
        ("111 222 333", REDACTED),
        ("111-222-333", REDACTED),
        ("id=123456782&x=1", f"id={REDACTED}&x=1"),
        ("123456789", "123456789"),  # fails the eleven-test
        ("1111222333", "1111222333"),  # part of a longer number
        ("11122233", "11122233"),
        ("postcode 7411 AB, 2024-01-15", "postcode 7411 AB, 2024-01-15"),
    ],
)
def test_redact_person_numbers(text, expected):
    assert redact_person_numbers(text) == expected


def make_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPersonNumbersFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_filter_redacts_message_arguments():
    logger, stream = make_logger("zicht.test.redact.args")
    logger.info("person %s at %s", "111222333", "Hoofdstraat 1")
    assert stream.getvalue() == f"person {REDACTED} at Hoofdstraat 1\n"


def test_filter_redacts_the_traceback():
    logger, stream = make_logger("zicht.test.redact.traceback")
    try:
        raise ValueError("BSN 123456782 does not match")
    except ValueError:
        logger.exception("row 3 failed")
    output = stream.getvalue()
    assert "123456782" not in output
    assert f"ValueError: BSN {REDACTED} does not match" in output
    assert output.startswith("row 3 failed\nTraceback")


def test_filter_redacts_stack_info():
    logger, stream = make_logger("zicht.test.redact.stack")

    def looks_up_111222333():
        logger.info("here", stack_info=True)

    looks_up_111222333()
    assert "111222333" not in stream.getvalue()


def test_filter_keeps_records_without_bsn_unchanged():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "count %d", (3,), None)
    assert RedactPersonNumbersFilter().filter(record) is True
    assert (record.msg, record.args) == ("count %d", (3,))


def test_login_attempt_username():
    request = RequestFactory().post("/inloggen/", {"username": "111.222.333"})
    assert login_attempt_username(request) == REDACTED
    assert login_attempt_username(request, {"username": "officer_a"}) == "officer_a"
    assert login_attempt_username(RequestFactory().post("/inloggen/", {})) is None
