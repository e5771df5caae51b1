import pytest

from zicht.core.privacy.pseudonyms import InvalidPersonNumber, pseudonymise_bsn


def test_same_bsn_same_pseudonym_within_domain():
    assert pseudonymise_bsn("111222333", "monitoring") == pseudonymise_bsn("111.222.333", "monitoring")


def test_invalid_bsn_rejected_without_echo():
    with pytest.raises(InvalidPersonNumber) as info:
        pseudonymise_bsn("111222334", "monitoring")
    assert "111222334" not in str(info.value)
