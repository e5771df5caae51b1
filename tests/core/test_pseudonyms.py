"""Pseudonyms of BSNs and identity documents: stable per domain and key, unlinkable across them, never echoing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from zicht.core.privacy.pseudonyms import (
    PSEUDONYM_LENGTH,
    InvalidPersonNumber,
    is_valid_bsn,
    issuing_country,
    pseudonymise_bsn,
    pseudonymise_document,
    validate_bsn,
)

from .bsn import complete_bsn, valid_bsns

BSN = "111222333"
OTHER_BSN = "123456782"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def test_helper_builds_numbers_that_stdnum_accepts():
    assert complete_bsn("11122233") == BSN
    assert stdnum_bsn.is_valid(complete_bsn("12345678"))
    assert complete_bsn("00000000") is None


@pytest.mark.parametrize("written", [BSN, "111.222.333", "111 222 333", " 111222333 ", "111-222-333"])
def test_same_bsn_same_pseudonym_within_a_domain(written):
    assert pseudonymise_bsn(written, "monitoring") == pseudonymise_bsn(BSN, "monitoring")


def test_pseudonym_is_64_hex_characters():
    assert HEX64.match(pseudonymise_bsn(BSN, "monitoring"))
    assert PSEUDONYM_LENGTH == 64


def test_different_bsns_differ():
    assert pseudonymise_bsn(BSN, "monitoring") != pseudonymise_bsn(OTHER_BSN, "monitoring")


def test_domains_are_unlinkable():
    assert pseudonymise_bsn(BSN, "monitoring") != pseudonymise_bsn(BSN, "enforcement")


def test_another_master_key_gives_another_pseudonym(settings):
    with_settings_key = pseudonymise_bsn(BSN, "monitoring")
    assert pseudonymise_bsn(BSN, "monitoring", master_key="another-master-key-of-enough-length") != with_settings_key
    settings.PSEUDONYM_KEY = "a-rotated-master-key-for-this-installation"
    assert pseudonymise_bsn(BSN, "monitoring") != with_settings_key


def test_explicit_master_key_equals_the_same_key_from_settings(settings):
    settings.PSEUDONYM_KEY = "the-installation-master-key-0123456789"
    assert pseudonymise_bsn(BSN, "monitoring") == pseudonymise_bsn(
        BSN, "monitoring", master_key="the-installation-master-key-0123456789"
    )


@pytest.mark.parametrize(
    "value",
    [
        "111222334",  # eleven-test fails
        "12345672",  # 8 digits (would pass if padded with a leading zero)
        "1112223330",  # 10 digits
        "11122233a",
        "abcdefghi",
        "",
        None,
        "000000000",
        "111/222/333",
        "١١١٢٢٢٣٣٣",  # Arabic-Indic digits for 111222333
    ],
)
def test_invalid_bsn_rejected_without_repeating_it(value):
    with pytest.raises(InvalidPersonNumber) as info:
        pseudonymise_bsn(value, "monitoring")
    message = str(info.value)
    assert "eleven-test" in message
    if value:
        digits = re.sub(r"\D", "", value)
        assert value not in message and (not digits or digits not in message)
        assert value not in repr(info.value)
    assert not is_valid_bsn(value)


def test_validate_bsn_returns_nine_digits():
    assert validate_bsn("111.222.333") == BSN
    assert is_valid_bsn(OTHER_BSN)


@pytest.mark.parametrize("domain", ["", "M", "monitoring!", "x" * 51, "1monitoring"])
def test_invalid_domain_rejected(domain):
    with pytest.raises(ValueError, match="domain"):
        pseudonymise_bsn(BSN, domain)


def test_document_pseudonym_alpha2_equals_alpha3():
    alpha2 = pseudonymise_document("NX12AB345", "PL", "monitoring")
    assert HEX64.match(alpha2)
    assert pseudonymise_document("NX12AB345", "POL", "monitoring") == alpha2
    assert pseudonymise_document("nx12 ab345", " pol ", "monitoring") == alpha2
    assert pseudonymise_document("NX12-AB345", "pl", "monitoring") == alpha2


def test_document_pseudonym_depends_on_country_number_and_domain():
    base = pseudonymise_document("NX12AB345", "PL", "monitoring")
    assert pseudonymise_document("NX12AB345", "RO", "monitoring") != base
    assert pseudonymise_document("NX12AB346", "PL", "monitoring") != base
    assert pseudonymise_document("NX12AB345", "PL", "enforcement") != base
    assert pseudonymise_document("NX12AB345", "PL", "monitoring", master_key="x" * 40) != base


def test_document_and_bsn_with_the_same_digits_do_not_collide():
    assert pseudonymise_document(BSN, "NL", "monitoring") != pseudonymise_bsn(BSN, "monitoring")


@pytest.mark.parametrize("country", ["XX", "XYZ", "", None, "Polen", "P"])
def test_unknown_country_rejected(country):
    with pytest.raises(InvalidPersonNumber) as info:
        pseudonymise_document("NX12AB345", country, "monitoring")
    assert "NX12AB345" not in str(info.value)


def test_issuing_country_normalises_to_alpha2():
    assert issuing_country("pol") == "PL"
    assert issuing_country("RO") == "RO"
    assert issuing_country("ROU") == "RO"


@pytest.mark.parametrize("number", ["1234", "AB!12345", "", "A" * 21, "ÄB12345"])
def test_invalid_document_number_rejected_without_repeating_it(number):
    with pytest.raises(InvalidPersonNumber) as info:
        pseudonymise_document(number, "PL", "monitoring")
    if number:
        assert number not in str(info.value)


@settings(max_examples=300, deadline=None)
@given(bsn=valid_bsns(), domain=st.sampled_from(["monitoring", "enforcement", "registration"]))
def test_property_pseudonym_is_hex_and_never_contains_the_bsn(bsn, domain):
    assert stdnum_bsn.is_valid(bsn)
    pseudonym = pseudonymise_bsn(bsn, domain)
    assert HEX64.match(pseudonym)
    assert bsn not in pseudonym
    assert pseudonymise_bsn(f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}", domain) == pseudonym


@settings(max_examples=200, deadline=None)
@given(first_eight=st.text(alphabet="0123456789", min_size=8, max_size=8), wrong=st.integers(1, 9))
def test_property_a_wrong_check_digit_is_rejected(first_eight, wrong):
    bsn = complete_bsn(first_eight)
    if bsn is None:
        return
    broken = bsn[:8] + str((int(bsn[8]) + wrong) % 10)
    assert not stdnum_bsn.is_valid(broken)  # exactly one ninth digit passes the eleven-test
    with pytest.raises(InvalidPersonNumber) as info:
        pseudonymise_bsn(broken, "monitoring")
    assert broken not in str(info.value)
