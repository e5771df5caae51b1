"""BRP bewoning client and the residence-row service against the fake server serving the specification's examples."""

from __future__ import annotations

import datetime
import logging

import pytest

from zicht.core.privacy.pseudonyms import pseudonymise_bsn
from zicht.integrations.brp import BrpBewoningClient, BrpError, BrpNotConfigured, BrpUnavailable, Occupancy
from zicht.integrations.brp.services import ResidenceRow, occupants_as_residence_rows
from zicht.integrations.brp.transport import JsonPoster
from zicht.occupancy.models import Person, ResidenceEpisode

from ..factories import AddressFactory
from .fake_brp import API_KEY, BEWONING_PATH

D = datetime.date
EXAMPLE_OBJECT = "0599010370005001"  # the BewoningenQueryResponse example of the specification
FEATURE_OBJECT = "0800010000000001"  # the timeline of raadpleeg-bewoning-op-peildatum/overzicht.feature
RAW_BSNS = ["999997968", "999990524", "000000024", "000000048"]


def p(bsn: str) -> str:
    return pseudonymise_bsn(bsn, "person")


@pytest.fixture
def client(fake_brp):
    return BrpBewoningClient(fake_brp.bewoning_url, API_KEY, timeout=5)


def test_request_shape(client, fake_brp):
    client.occupants(EXAMPLE_OBJECT, D(2024, 1, 10))
    [request] = fake_brp.requests
    assert (request["method"], request["path"]) == ("POST", BEWONING_PATH)
    assert request["headers"]["x-api-key"] == API_KEY
    assert request["headers"]["content-type"].startswith("application/json")
    assert request["body"] == {
        "type": "BewoningMetPeildatum",
        "peildatum": "2024-01-10",
        "adresseerbaarObjectIdentificatie": EXAMPLE_OBJECT,
    }


def test_spec_example_first_composition(client):
    occupancy = client.occupants(EXAMPLE_OBJECT, D(2023, 12, 1))
    assert (occupancy.period_start, occupancy.period_end) == (D(2023, 12, 1), D(2023, 12, 2))
    assert [o.pseudonym for o in occupancy.bewoners] == [p("999997968"), p("999990524")]
    assert [o.confidential for o in occupancy.bewoners] == [True, False]
    assert occupancy.mogelijke_bewoners == []


def test_spec_example_possible_occupant(client):
    occupancy = client.occupants(EXAMPLE_OBJECT, D(2024, 1, 10))
    assert [o.pseudonym for o in occupancy.bewoners] == [p("999997968")]
    assert [o.pseudonym for o in occupancy.mogelijke_bewoners] == [p("999990524")]


@pytest.mark.parametrize(
    ("on", "bsns"),
    [
        (D(2010, 9, 1), ["000000024"]),  # peildatum within the stay
        (D(2010, 8, 18), ["000000024"]),  # first day
        (D(2016, 5, 25), ["000000024", "000000048"]),  # last day of 024, both present
        (D(2014, 8, 8), ["000000024", "000000048"]),  # first day of 048
        (D(2015, 1, 1), ["000000024", "000000048"]),
        (D(2010, 8, 17), []),  # before anybody lived there
    ],
)
def test_feature_timeline(client, on, bsns):
    occupancy = client.occupants(FEATURE_OBJECT, on)
    assert sorted(o.pseudonym for o in occupancy.bewoners) == sorted(p(b) for b in bsns)


@pytest.mark.parametrize(("on", "bsns"), [(D(2023, 5, 25), ["000000024"]), (D(2023, 5, 26), [])])
def test_emigration_ends_the_stay(client, on, bsns):
    occupancy = client.occupants("0800010000000002", on)
    assert [o.pseudonym for o in occupancy.bewoners] == [p(b) for b in bsns]


def test_unknown_object_gives_empty_occupancy(client):
    occupancy = client.occupants("0800000000000003", D(2010, 8, 17))
    assert occupancy == Occupancy("0800000000000003", D(2010, 8, 17), D(2010, 8, 18))


def test_period_gives_each_composition(client, fake_brp):
    found = client.occupancy_between(EXAMPLE_OBJECT, D(2023, 11, 19), D(2024, 1, 27))
    assert fake_brp.requests[-1]["body"] == {
        "type": "BewoningMetPeriode",
        "datumVan": "2023-11-19",
        "datumTot": "2024-01-27",
        "adresseerbaarObjectIdentificatie": EXAMPLE_OBJECT,
    }
    assert [(o.period_start, o.period_end) for o in found] == [
        (D(2023, 11, 19), D(2024, 1, 1)),
        (D(2024, 1, 1), D(2024, 1, 27)),
    ]


def test_no_raw_bsn_in_results_or_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    results = [client.occupants(EXAMPLE_OBJECT, D(2023, 12, 1)), client.occupants(FEATURE_OBJECT, D(2015, 1, 1))]
    results += client.occupancy_between(EXAMPLE_OBJECT, D(2023, 11, 19), D(2024, 1, 27))
    assert "/bewoningen" in caplog.text
    for bsn in RAW_BSNS:
        assert bsn not in repr(results)
        assert bsn not in caplog.text


@pytest.mark.parametrize("body_without", ["peildatum", "adresseerbaarObjectIdentificatie"])
def test_missing_parameter_problem(fake_brp, body_without):
    body = {
        "type": "BewoningMetPeildatum",
        "peildatum": "2023-01-01",
        "adresseerbaarObjectIdentificatie": "0518010000713450",
    }
    del body[body_without]
    with pytest.raises(BrpError) as caught:
        JsonPoster(fake_brp.bewoning_url, API_KEY, 5).post("/bewoningen", body)
    assert caught.value.status == 400
    assert caught.value.invalid_params == (body_without,)
    assert caught.value.detail == f"De foutieve parameter(s) zijn: {body_without}."


@pytest.mark.parametrize("peildatum", ["19830526", "26 mei 1983", "2023-02-29"])
def test_invalid_date_problem(fake_brp, peildatum):
    body = {
        "type": "BewoningMetPeildatum",
        "peildatum": peildatum,
        "adresseerbaarObjectIdentificatie": "0518010000713450",
    }
    with pytest.raises(BrpError) as caught:
        JsonPoster(fake_brp.bewoning_url, API_KEY, 5).post("/bewoningen", body)
    assert caught.value.invalid_params == ("peildatum",)


def test_sixteen_zeros_refused_by_client(client, fake_brp):
    with pytest.raises(ValueError):
        client.occupants("0000000000000000", D(2023, 1, 1))
    with pytest.raises(ValueError):
        client.occupancy_between(EXAMPLE_OBJECT, D(2024, 1, 1), D(2024, 1, 1))
    assert fake_brp.requests == []


def test_unavailable(client, fake_brp):
    fake_brp.mode = "unavailable"
    with pytest.raises(BrpUnavailable) as caught:
        client.occupants(EXAMPLE_OBJECT, D(2024, 1, 10))
    assert caught.value.title == "Bronservice BRP is tijdelijk niet beschikbaar."


def test_unknown_path_is_404(fake_brp):
    with pytest.raises(BrpError) as caught:
        JsonPoster(fake_brp.root, API_KEY, 5).post("/bewoning/onbekend", {})
    assert caught.value.status == 404
    assert not isinstance(caught.value, BrpUnavailable)


# The service: from an answer to pseudonymous rows, nothing written.


@pytest.fixture
def address(municipality_a):
    return AddressFactory(municipality=municipality_a, bag_id=EXAMPLE_OBJECT)


@pytest.mark.django_db
def test_rows_on_a_day(brp_settings, address):
    rows = occupants_as_residence_rows(address, D(2024, 1, 10))
    assert sorted(rows, key=lambda r: r.certain) == [
        ResidenceRow(p("999990524"), address.pk, D(2024, 1, 10), D(2024, 1, 10), certain=False),
        ResidenceRow(p("999997968"), address.pk, D(2024, 1, 10), D(2024, 1, 10), certain=True),
    ]
    assert rows[0].place_key == f"A{address.pk}"
    assert Person.objects.count() == 0 and ResidenceEpisode.objects.count() == 0


@pytest.mark.django_db
def test_rows_over_a_period_merge_adjoining_compositions(brp_settings, address):
    rows = occupants_as_residence_rows(address, D(2023, 11, 19), until=D(2024, 1, 26))
    assert sorted((r.pseudonym, r.start, r.end, r.certain) for r in rows) == sorted(
        [
            (p("999997968"), D(2023, 11, 19), D(2024, 1, 26), True),
            (p("999990524"), D(2023, 11, 19), D(2023, 12, 31), True),
            (p("999990524"), D(2024, 1, 1), D(2024, 1, 26), False),
        ]
    )


@pytest.mark.django_db
def test_rows_need_an_addressable_object(brp_settings, municipality_a):
    address = AddressFactory(municipality=municipality_a, bag_id="0599200000366054")  # a nummeraanduiding
    with pytest.raises(ValueError):
        occupants_as_residence_rows(address, D(2024, 1, 10))
    rows = occupants_as_residence_rows(address, D(2015, 1, 1), bag_object_id=FEATURE_OBJECT)
    assert {r.pseudonym for r in rows} == {p("000000024"), p("000000048")}


@pytest.mark.django_db
def test_rows_when_off(settings, address):
    assert settings.BRP_BEWONING_URL == ""
    with pytest.raises(BrpNotConfigured):
        occupants_as_residence_rows(address, D(2024, 1, 10))
