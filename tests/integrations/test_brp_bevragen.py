"""BRP bevragen client against the local fake server that serves the specification's examples."""

from __future__ import annotations

import logging
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from zicht.core.privacy.pseudonyms import pseudonymise_bsn
from zicht.integrations.brp import (
    BrpBevragenClient,
    BrpClients,
    BrpError,
    BrpUnavailable,
    ResidentRecord,
    get_clients,
)
from zicht.integrations.brp.transport import JsonPoster

from .fake_brp import API_KEY, BEVRAGEN_PATH

RAW_BSNS = ["000000024", "000000025", "999997968", "999990524"]


@pytest.fixture
def client(fake_brp):
    return BrpBevragenClient(fake_brp.bevragen_url, API_KEY, timeout=5)


def test_request_shape(client, fake_brp):
    client.persons_at_address("0599010000219679")
    [request] = fake_brp.requests
    assert request["method"] == "POST"
    assert request["path"] == BEVRAGEN_PATH
    assert request["headers"]["x-api-key"] == API_KEY
    assert request["headers"]["content-type"].startswith("application/json")
    assert request["body"] == {
        "type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "adresseerbaarObjectIdentificatie": "0599010000219679",
        "fields": ["burgerservicenummer"],
    }


def test_parses_the_example_into_pseudonymous_records(client):
    records = client.persons_at_address("0599010000219679")
    assert records == [
        ResidentRecord(pseudonym=pseudonymise_bsn("000000024", "person"), bag_object_id="0599010000219679")
    ]
    assert len(records[0].pseudonym) == 64


def test_flags_and_optional_field(client, fake_brp):
    fields = ["burgerservicenummer", "adressering.indicatieVastgesteldVerblijftNietOpAdres"]
    confidential, moved_out = client.persons_at_address("0599010370005001", fields=fields)
    assert confidential.confidential and not moved_out.confidential
    assert confidential.not_living_at_address is None
    assert moved_out.not_living_at_address is True
    assert fake_brp.requests[-1]["body"]["fields"] == fields


def test_no_raw_bsn_in_records_or_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    records = client.persons_at_address("0599010370005001") + client.persons_at_address("0599010000219679")
    assert len(records) == 3
    assert "/personen" in caplog.text  # the call was logged, so the check below is not vacuous
    for bsn in RAW_BSNS:
        assert bsn not in repr(records)
        assert bsn not in caplog.text


def test_unknown_object_gives_no_persons(client):
    assert client.persons_at_address("0518200000366054") == []


def test_invalid_bsn_in_answer_is_an_error_without_the_number(client, caplog):
    # The specification's own scenario uses 000000025, which fails the eleven-test.
    with pytest.raises(BrpError) as caught:
        client.persons_at_address("0518200000617227")
    assert "eleven-test" in str(caught.value)
    assert "000000025" not in str(caught.value) + caplog.text


@pytest.mark.parametrize("bad", ["123456789012345", "12345678901234567", "<script>1234567890123456</script>", ""])
def test_object_id_checked_before_any_request(client, fake_brp, bad):
    with pytest.raises(ValueError):
        client.persons_at_address(bad)
    assert fake_brp.requests == []


@pytest.mark.parametrize("fields", [["naam"], ["burgerservicenummer", "geboorte.datum"], []])
def test_fields_limited_for_data_minimisation(client, fake_brp, fields):
    with pytest.raises(ValueError):
        client.persons_at_address("0599010000219679", fields=fields)
    assert fake_brp.requests == []


def test_server_validation_problem_is_parsed(fake_brp):
    poster = JsonPoster(fake_brp.bevragen_url, API_KEY, 5)
    with pytest.raises(BrpError) as caught:
        poster.post("/personen", {"type": "ZoekMetAdresseerbaarObjectIdentificatie", "fields": ["burgerservicenummer"]})
    error = caught.value
    assert not isinstance(error, BrpUnavailable)
    assert (error.status, error.code) == (400, "paramsValidation")
    assert error.title == "Een of meerdere parameters zijn niet correct."
    assert error.invalid_params == ("adresseerbaarObjectIdentificatie",)


def test_unknown_parameter_rejected_by_server(fake_brp):
    poster = JsonPoster(fake_brp.bevragen_url, API_KEY, 5)
    body = {
        "type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "adresseerbaarObjectIdentificatie": "0599200051001501",
        "fields": ["burgerservicenummer"],
        "bestaatNiet": "een waarde",
    }
    with pytest.raises(BrpError) as caught:
        poster.post("/personen", body)
    assert caught.value.invalid_params == ("bestaatNiet",)


def test_wrong_api_key_is_401(fake_brp):
    client = BrpBevragenClient(fake_brp.bevragen_url, "wrong-key", timeout=5)
    with pytest.raises(BrpError) as caught:
        client.persons_at_address("0599010000219679")
    assert caught.value.status == 401
    assert caught.value.title == "Niet correct geauthenticeerd."
    assert not isinstance(caught.value, BrpUnavailable)


def test_unavailable_is_503(client, fake_brp):
    fake_brp.mode = "unavailable"
    with pytest.raises(BrpUnavailable) as caught:
        client.persons_at_address("0599010000219679")
    assert caught.value.status == 503
    assert caught.value.code == "notAvailable"


def test_timeout_is_unavailable(fake_brp):
    fake_brp.mode, fake_brp.delay = "slow", 1.0
    client = BrpBevragenClient(fake_brp.bevragen_url, API_KEY, timeout=0.2)
    with pytest.raises(BrpUnavailable) as caught:
        client.persons_at_address("0599010000219679")
    assert caught.value.title == "Time-out"


def test_connection_refused_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = BrpBevragenClient(f"http://127.0.0.1:{port}/brp", API_KEY, timeout=2)
    with pytest.raises(BrpUnavailable):
        client.persons_at_address("0599010000219679")


def test_answer_that_is_not_json(client, fake_brp):
    fake_brp.mode = "garbage"
    with pytest.raises(BrpError) as caught:
        client.persons_at_address("0599010000219679")
    assert caught.value.status == 200
    assert not isinstance(caught.value, BrpUnavailable)


def test_redirect_not_followed(client, fake_brp):
    fake_brp.mode = "redirect"
    with pytest.raises(BrpError) as caught:
        client.persons_at_address("0599010000219679")
    assert caught.value.status == 307
    assert len(fake_brp.requests) == 1


def test_error_text_never_holds_a_bsn():
    error = BrpError(400, "Persoon 999990524 onbekend", "bsn 999997968", invalid_params=("999990524",))
    for bsn in ("999990524", "999997968"):
        assert bsn not in str(error)
        assert bsn not in error.title + error.detail + "".join(error.invalid_params)


def test_key_not_in_repr(client):
    assert API_KEY not in repr(client)


@pytest.mark.parametrize("url", ["", "ftp://example.nl/brp", "/relative"])
def test_base_url_must_be_http(url):
    with pytest.raises(ValueError):
        BrpBevragenClient(url, API_KEY)


def test_off_by_default(settings):
    assert settings.BRP_BEVRAGEN_URL == "" and settings.BRP_BEWONING_URL == ""
    assert get_clients() is None


def test_url_without_key_is_a_configuration_error(settings):
    settings.BRP_BEVRAGEN_URL = "https://brp.example.nl/haalcentraal/api/brp"
    settings.BRP_API_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        get_clients()


def test_clients_from_settings(brp_settings):
    clients = get_clients()
    assert isinstance(clients, BrpClients)
    records = clients.bevragen.persons_at_address("0599010000219679")
    assert [r.pseudonym for r in records] == [pseudonymise_bsn("000000024", "person")]


def test_only_one_api_configured(brp_settings):
    brp_settings.BRP_BEWONING_URL = ""
    clients = get_clients()
    assert clients.bevragen is not None and clients.bewoning is None
