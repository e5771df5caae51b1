"""The pure rules of reports: due dates in Dutch working days, and tracking codes nobody can guess."""

from __future__ import annotations

import base64
import datetime
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.reports import rules

days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2032, 12, 31))
terms = st.integers(min_value=0, max_value=60)


@given(start=days, count=st.integers(min_value=1, max_value=60))
def test_add_working_days_never_lands_on_a_weekend_or_holiday(start, count):
    due = rules.add_working_days(start, count)
    assert due.weekday() < 5
    assert due not in rules.dutch_public_holidays([due.year])


@given(start=days, count=terms, more=st.integers(min_value=1, max_value=20))
def test_add_working_days_is_monotone_in_the_term(start, count, more):
    assert rules.add_working_days(start, count) < rules.add_working_days(start, count + more)


@given(start=days, later=st.integers(min_value=0, max_value=30), count=terms)
def test_add_working_days_is_monotone_in_the_start(start, later, count):
    assert rules.add_working_days(start, count) <= rules.add_working_days(start + datetime.timedelta(later), count)


@given(start=days, count=terms)
def test_working_days_between_inverts_add_working_days(start, count):
    assert rules.working_days_between(start, rules.add_working_days(start, count)) == count


@given(start=days, end=days)
def test_working_days_between_counts_the_working_days_in_the_interval(start, end):
    expected = sum(
        1 for offset in range(1, (end - start).days + 1) if rules.is_working_day(start + datetime.timedelta(offset))
    )
    assert rules.working_days_between(start, end) == (expected if end > start else 0)


def test_zero_days_is_the_start_itself_and_negative_terms_are_refused():
    saturday = datetime.date(2026, 3, 7)
    assert rules.add_working_days(saturday, 0) == saturday
    with pytest.raises(ValueError):
        rules.add_working_days(saturday, -1)


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        # Friday + 1 working day = Monday.
        ("2026-03-06", 1, "2026-03-09"),
        # A report on Saturday or Sunday: the first working day is Monday.
        ("2026-03-07", 1, "2026-03-09"),
        ("2026-03-08", 1, "2026-03-09"),
        # Easter Monday 2026-04-06 is not a working day: from the Saturday before Easter the term runs to Tuesday.
        ("2026-04-03", 1, "2026-04-07"),
        ("2026-04-04", 1, "2026-04-07"),
        ("2026-04-06", 1, "2026-04-07"),
        # King's Day 2026 is Monday 27 April.
        ("2026-04-24", 1, "2026-04-28"),
        # King's Day on a Sunday moves to Saturday 26 April 2025: the Friday before leads to Monday 28.
        ("2025-04-25", 1, "2025-04-28"),
        # Christmas: 25 and 26 December 2025 are Thursday and Friday.
        ("2025-12-24", 1, "2025-12-29"),
        # New Year's Day 2026 is a Thursday.
        ("2025-12-31", 1, "2026-01-02"),
        # Ascension Day 14 May 2026 and Whit Monday 25 May 2026.
        ("2026-05-13", 1, "2026-05-15"),
        ("2026-05-22", 1, "2026-05-26"),
        # A week's term over Easter Monday: 5 working days after Saturday 4 April 2026.
        ("2026-04-04", 5, "2026-04-13"),
        # Good Friday is a working day under the Algemene termijnenwet: Thursday 2 April 2026 + 1 is Friday 3 April.
        ("2026-04-02", 1, "2026-04-03"),
        # Liberation Day 5 May counts every year, not only every fifth: Monday 4 May 2026 + 1 is Wednesday.
        ("2026-05-04", 1, "2026-05-06"),
    ],
)
def test_due_dates_skip_weekends_and_dutch_holidays(start, count, due):
    reported = datetime.date.fromisoformat(start)
    assert rules.due_date(reported, count) == datetime.date.fromisoformat(due)


def test_the_holidays_are_the_dutch_ones():
    holidays_2026 = rules.dutch_public_holidays([2026])
    for day in ("2026-01-01", "2026-04-06", "2026-04-27", "2026-05-14", "2026-05-25", "2026-12-25", "2026-12-26"):
        assert datetime.date.fromisoformat(day) in holidays_2026
    assert not rules.is_working_day(datetime.date(2026, 4, 6))
    assert rules.is_working_day(datetime.date(2026, 4, 7))
    assert rules.is_working_day(datetime.date(2026, 4, 3))  # Good Friday
    assert datetime.date(2027, 5, 5) in rules.dutch_public_holidays([2027])


def test_overdue_only_when_open_and_after_the_due_date():
    due = datetime.date(2026, 3, 9)
    assert not rules.is_overdue(due=due, today=due, is_open=True)
    assert rules.is_overdue(due=due, today=due + datetime.timedelta(1), is_open=True)
    assert not rules.is_overdue(due=due, today=due + datetime.timedelta(30), is_open=False)


def test_tracking_codes_carry_at_least_80_random_bits():
    code = rules.new_tracking_code()
    raw = code.replace("-", "")
    assert len(base64.b32decode(raw)) * 8 >= 80
    assert rules.TRACKING_CODE_BYTES * 8 >= 80
    # Written in groups of four, from the base32 alphabet only.
    assert all(len(group) == 4 for group in code.split("-"))
    assert set(raw) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_tracking_codes_do_not_repeat():
    codes = {rules.new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    # Every position takes many values: no fixed prefix or counter that would make codes enumerable.
    raw = [code.replace("-", "") for code in codes]
    assert all(len({code[i] for code in raw}) > 20 for i in range(len(raw[0]) - 1))


def test_normalisation_accepts_what_people_type():
    code = rules.new_tracking_code()
    raw = code.replace("-", "")
    assert rules.normalise_tracking_code(code) == raw
    assert rules.normalise_tracking_code(code.lower()) == raw
    assert rules.normalise_tracking_code(" " + code.replace("-", " ") + " ") == raw
    assert rules.normalise_tracking_code(raw) == raw
    spaced = "-".join(raw[i : i + 2] for i in range(0, len(raw), 2))
    assert rules.normalise_tracking_code(spaced) == raw


def test_normalisation_reads_zero_as_o_and_one_as_i():
    code = "O" * 12 + "I" * 12
    assert rules.normalise_tracking_code("0" * 12 + "1" * 12) == code
    assert rules.tracking_digest("0" * 12 + "1" * 12) == rules.tracking_digest(code)


@pytest.mark.parametrize("bad", ["", "ABC", "A" * 23, "A" * 25, "A" * 23 + "!", "A" * 23 + "9", "SELECT * FROM x"])
def test_what_cannot_be_a_code_is_refused(bad):
    assert rules.normalise_tracking_code(bad) is None
    assert rules.tracking_digest(bad) is None


@settings(max_examples=50)
@given(st.binary(min_size=rules.TRACKING_CODE_BYTES, max_size=rules.TRACKING_CODE_BYTES))
def test_digest_is_stable_and_differs_per_code(raw_bytes):
    raw = base64.b32encode(raw_bytes).decode()
    code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    digest = rules.tracking_digest(code)
    assert digest == rules.tracking_digest(code.lower()) == rules.tracking_digest(raw)
    assert len(digest) == 64 and int(digest, 16) >= 0
    other = ("B" if raw[0] == "A" else "A") + raw[1:]
    assert rules.tracking_digest(other) != digest


def test_the_digest_is_sha256_of_the_normalised_code_and_not_the_code():
    import hashlib

    code = rules.new_tracking_code()
    digest = rules.tracking_digest(code)
    assert digest == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert code.replace("-", "") not in digest


def test_percentile_is_nearest_rank():
    values = list(range(1, 11))
    assert rules.percentile(values, 0.5) == 5
    assert rules.percentile(values, 0.9) == 9
    assert rules.percentile([7], 0.9) == 7
    assert rules.percentile([], 0.5) is None
    assert math.isclose(rules.percentile([2, 4], 1.0), 4)


# --- anonymity: one rule for every intake channel -----------------------------------------------------------------

A = rules.Anonymity


@pytest.mark.parametrize(
    ("anonymous", "has_contact", "staff", "expected"),
    [
        (None, False, False, A.ANONYMOUS),  # the public may leave everything empty
        (False, False, False, A.ANONYMOUS),
        (True, False, False, A.ANONYMOUS),
        (None, True, False, A.NAMED),
        (False, True, False, A.NAMED),
        (True, True, False, A.CONFLICT),
        (None, False, True, A.UNDECIDED),  # staff must say so
        (False, False, True, A.UNDECIDED),
        (True, False, True, A.ANONYMOUS),
        (None, True, True, A.NAMED),
        (True, True, True, A.CONFLICT),
    ],
)
def test_anonymity(anonymous, has_contact, staff, expected):
    assert rules.anonymity(anonymous=anonymous, has_contact=has_contact, staff=staff) == expected
