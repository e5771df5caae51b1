"""Writes and scoped reads of the housing register: who may see and change what, the lifecycle, reviews and units."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.factories import OrganisationFactory
from zicht.core.models import AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.housing import selectors, services, workflow
from zicht.housing.choices import (
    CertificateScheme,
    LocationForm,
    LocationStatus,
    NormVerdict,
    ReviewDecision,
    StayType,
)
from zicht.housing.models import Location, LocationStatusChange, NormSet

from .factories import make_location

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def initiative_data(municipality, **extra) -> dict:
    data = {
        "name": "Logies Bolwerksweg",
        "municipality": municipality,
        "form": LocationForm.BUSINESS_PARK,
        "stay_type": StayType.SHORT,
        "capacity_beds": 24,
        "floor_area_m2": Decimal("400.0"),
        "bedrooms": 24,
    }
    data.update(extra)
    return data


@pytest.fixture
def initiative(market_party_user, municipality_a):
    return services.location_create(
        by=market_party_user, data=initiative_data(municipality_a, status=LocationStatus.IN_USE), on=DAY
    )


@pytest.fixture
def other_party_user(make_user):
    return make_user(Role.MARKET_PARTY, organisation=OrganisationFactory(name="Andere Huisvester BV"), username="other")


# --- market parties -------------------------------------------------------------------------------------------


def test_a_market_party_registers_an_initiative_of_its_own_organisation(initiative, market_party_user):
    assert initiative.registered_by == market_party_user.organisation
    assert initiative.status == LocationStatus.INITIATIVE  # asked for in_use, the municipality decides that
    assert initiative.status_since == DAY
    assert initiative.review == ReviewDecision.PENDING
    assert initiative.ref.startswith("LOC-")
    (entry,) = initiative.status_history.all()
    assert (entry.from_status, entry.to_status, entry.on, entry.recorded_by) == (
        "",
        LocationStatus.INITIATIVE,
        DAY,
        market_party_user,
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, actor=market_party_user, object_id=str(initiative.pk)
    ).exists()


def test_a_market_party_cannot_set_municipal_fields_on_create(market_party_user, municipality_a):
    other = OrganisationFactory()
    location = services.location_create(
        by=market_party_user,
        data=initiative_data(
            municipality_a, registered_by=other, review=ReviewDecision.ACCEPTED, norm_set=NormSet.objects.first()
        ),
    )
    assert location.registered_by == market_party_user.organisation
    assert location.review == ReviewDecision.PENDING
    assert location.norm_set is None


def test_a_market_party_edits_its_own_initiative_but_not_its_status(initiative, market_party_user):
    changed = services.location_update(
        location=initiative, by=market_party_user, data={"name": "Logies Bolwerksweg II", "status": "in_use"}
    )
    assert changed == ["name"]
    initiative.refresh_from_db()
    assert initiative.name == "Logies Bolwerksweg II"
    assert initiative.status == LocationStatus.INITIATIVE


def test_a_market_party_may_not_edit_once_the_municipality_moved_it_on(initiative, market_party_user, officer_a):
    services.location_change_status(
        location=initiative,
        to_status=LocationStatus.PERMIT_REQUESTED,
        on=DAY + datetime.timedelta(days=3),
        by=officer_a,
    )
    with pytest.raises(PermissionDenied):
        services.location_update(location=initiative, by=market_party_user, data={"name": "Anders"})
    with pytest.raises(PermissionDenied):
        services.location_change_status(
            location=initiative,
            to_status=LocationStatus.PERMITTED,
            on=DAY + datetime.timedelta(days=9),
            by=market_party_user,
        )
    assert Location.objects.get(pk=initiative.pk).name == "Logies Bolwerksweg"
    # It still sees its own registration.
    assert selectors.location_detail_visible_to(market_party_user, initiative.pk) == initiative


def test_a_market_party_sees_only_its_own_locations(initiative, market_party_user, other_party_user, municipality_a):
    theirs = services.location_create(by=other_party_user, data=initiative_data(municipality_a, name="Hun locatie"))
    operated = make_location(municipality=municipality_a, operator=market_party_user.organisation)
    unrelated = make_location(municipality=municipality_a)
    assert set(selectors.location_list_visible_to(market_party_user)) == {initiative, operated}
    assert set(selectors.location_list_visible_to(other_party_user)) == {theirs}
    for pk in (theirs.pk, unrelated.pk):
        with pytest.raises(Http404):
            selectors.location_detail_visible_to(market_party_user, pk)
    with pytest.raises(PermissionDenied):
        services.location_update(location=theirs, by=market_party_user, data={"name": "Overgenomen"})
    # Operating a location is not registering it: a market party edits only its own initiatives.
    with pytest.raises(PermissionDenied):
        services.location_update(location=operated, by=market_party_user, data={"name": "Anders"})


def test_a_market_party_user_without_organisation_cannot_register(make_user, municipality_a):
    lost = make_user(Role.MARKET_PARTY, organisation=None, username="zonder")
    with pytest.raises(PermissionDenied):
        services.location_create(by=lost, data=initiative_data(municipality_a))
    assert not selectors.location_list_visible_to(lost).exists()


# --- municipalities and other government scopes ---------------------------------------------------------------


@pytest.fixture
def three(municipality_a, municipality_b, municipality_elsewhere):
    return (
        make_location(municipality=municipality_a, name="In Deventer"),
        make_location(municipality=municipality_b, name="In Zwolle"),
        make_location(municipality=municipality_elsewhere, name="In Tiel"),
    )


def test_municipality_a_cannot_see_the_locations_of_b(three, officer_a, officer_b):
    in_a, in_b, _in_tiel = three
    assert list(selectors.location_list_visible_to(officer_a)) == [in_a]
    assert list(selectors.location_list_visible_to(officer_b)) == [in_b]
    assert selectors.location_detail_visible_to(officer_a, in_a.pk) == in_a
    with pytest.raises(Http404):
        selectors.location_detail_visible_to(officer_a, in_b.pk)


def test_province_region_and_administrator_see_their_area(
    three, province_director, regional_coordinator, administrator, officer_a
):
    in_a, in_b, in_tiel = three
    assert set(selectors.location_list_visible_to(province_director)) == {in_a, in_b}
    assert set(selectors.location_list_visible_to(regional_coordinator)) == {in_a, in_b}
    assert set(selectors.location_list_visible_to(administrator)) == {in_a, in_b, in_tiel}
    with pytest.raises(Http404):
        selectors.location_detail_visible_to(province_director, in_tiel.pk)


def test_an_officer_cannot_edit_another_municipalitys_location(three, officer_a, registration_officer_a):
    in_a, in_b, _ = three
    with pytest.raises(PermissionDenied):
        services.location_update(location=in_b, by=officer_a, data={"name": "Gekaapt"})
    with pytest.raises(PermissionDenied):
        services.location_change_status(location=in_b, to_status=LocationStatus.CLOSED, on=DAY, by=officer_a)
    with pytest.raises(PermissionDenied):
        services.location_create(by=officer_a, data=initiative_data(in_b.municipality))
    assert Location.objects.get(pk=in_b.pk).name == "In Zwolle"
    assert services.location_update(location=in_a, by=registration_officer_a, data={"capacity_beds": 8}) == [
        "capacity_beds"
    ]


def test_inspectors_and_regional_staff_read_but_do_not_edit(three, make_user, municipality_a, regional_coordinator):
    in_a = three[0]
    inspector = make_user(Role.INSPECTOR, scope_municipality=municipality_a, username="inspector")
    assert selectors.location_detail_visible_to(inspector, in_a.pk) == in_a
    for user in (inspector, regional_coordinator):
        with pytest.raises(PermissionDenied):
            services.location_update(location=in_a, by=user, data={"name": "Anders"})
        with pytest.raises(PermissionDenied):
            services.location_create(by=user, data=initiative_data(municipality_a))


# --- the lifecycle -------------------------------------------------------------------------------------------

PAIRS = list(itertools.product(LocationStatus.values, repeat=2))


@pytest.mark.parametrize(("current", "wanted"), PAIRS)
def test_status_transitions_follow_the_workflow(officer_a, municipality_a, current, wanted):
    location = make_location(municipality=municipality_a, status=current, status_since=datetime.date(2024, 1, 1))
    allowed = wanted in workflow.LIFECYCLE.transitions[current]
    assert workflow.LIFECYCLE.may_transition(current, wanted) is allowed
    if allowed:
        services.location_change_status(location=location, to_status=wanted, on=DAY, by=officer_a, note="stap")
        location.refresh_from_db()
        assert (location.status, location.status_since) == (wanted, DAY)
        last = location.status_history.order_by("-on", "-pk").first()
        assert (last.from_status, last.to_status, last.on, last.recorded_by, last.note) == (
            current,
            wanted,
            DAY,
            officer_a,
            "stap",
        )
    else:
        with pytest.raises(ValidationError) as error:
            services.location_change_status(location=location, to_status=wanted, on=DAY, by=officer_a)
        assert "to_status" in error.value.message_dict
        location.refresh_from_db()
        assert location.status == current
        assert location.status_history.count() == 1


def test_a_status_change_may_not_predate_the_previous_one(officer_a, municipality_a):
    location = make_location(
        municipality=municipality_a, status=LocationStatus.PERMIT_REQUESTED, status_since=datetime.date(2026, 2, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.location_change_status(
            location=location, to_status=LocationStatus.PERMITTED, on=datetime.date(2026, 1, 31), by=officer_a
        )
    assert "on" in error.value.message_dict
    assert Location.objects.get(pk=location.pk).status == LocationStatus.PERMIT_REQUESTED
    # The same day as the previous change is fine.
    services.location_change_status(
        location=location, to_status=LocationStatus.PERMITTED, on=datetime.date(2026, 2, 1), by=officer_a
    )


def test_going_into_use_sets_in_use_since_and_keeps_the_whole_path(officer_a, municipality_a):
    location = make_location(
        municipality=municipality_a, status=LocationStatus.INITIATIVE, status_since=datetime.date(2025, 3, 1)
    )
    assert location.in_use_since is None
    steps = [
        (LocationStatus.PERMIT_REQUESTED, datetime.date(2025, 5, 12)),
        (LocationStatus.PERMITTED, datetime.date(2025, 10, 1)),
        (LocationStatus.IN_USE, datetime.date(2026, 2, 1)),
    ]
    for status, day in steps:
        services.location_change_status(location=location, to_status=status, on=day, by=officer_a)
    location.refresh_from_db()
    assert location.in_use_since == datetime.date(2026, 2, 1)
    assert location.status_since == datetime.date(2026, 2, 1)
    history = list(location.status_history.order_by("on", "pk").values_list("from_status", "to_status", "on"))
    assert history == [
        ("", LocationStatus.INITIATIVE, datetime.date(2025, 3, 1)),
        (LocationStatus.INITIATIVE, LocationStatus.PERMIT_REQUESTED, datetime.date(2025, 5, 12)),
        (LocationStatus.PERMIT_REQUESTED, LocationStatus.PERMITTED, datetime.date(2025, 10, 1)),
        (LocationStatus.PERMITTED, LocationStatus.IN_USE, datetime.date(2026, 2, 1)),
    ]


def test_history_entries_cannot_be_changed_or_deleted(officer_a, municipality_a):
    location = make_location(municipality=municipality_a)
    entry = location.status_history.get()
    entry.note = "achteraf aangepast"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert LocationStatusChange.objects.get(pk=entry.pk).note != "achteraf aangepast"


# --- review of initiatives -----------------------------------------------------------------------------------


def test_declining_needs_a_note_and_closes_the_initiative(initiative, officer_a):
    with pytest.raises(ValidationError) as error:
        services.location_review(location=initiative, decision=ReviewDecision.DECLINED, note="  ", by=officer_a)
    assert "note" in error.value.message_dict
    assert Location.objects.get(pk=initiative.pk).review == ReviewDecision.PENDING
    services.location_review(
        location=initiative, decision=ReviewDecision.DECLINED, note="Past niet in het bestemmingsplan.", by=officer_a
    )
    initiative.refresh_from_db()
    assert (initiative.review, initiative.status, initiative.reviewed_by) == (
        ReviewDecision.DECLINED,
        LocationStatus.CLOSED,
        officer_a,
    )
    assert initiative.review_note == "Past niet in het bestemmingsplan."
    assert initiative.status_history.order_by("-pk").first().to_status == LocationStatus.CLOSED


def test_accepting_keeps_the_initiative_open(initiative, officer_a):
    services.location_review(location=initiative, decision=ReviewDecision.ACCEPTED, note="", by=officer_a)
    initiative.refresh_from_db()
    assert (initiative.review, initiative.status) == (ReviewDecision.ACCEPTED, LocationStatus.INITIATIVE)
    assert initiative.reviewed_at is not None
    with pytest.raises(ValidationError):
        services.location_review(location=initiative, decision=ReviewDecision.PENDING, note="", by=officer_a)


def test_only_the_own_municipality_reviews_and_only_registered_initiatives(
    initiative, market_party_user, officer_b, officer_a, municipality_a
):
    for user in (market_party_user, officer_b):
        with pytest.raises(PermissionDenied):
            services.location_review(location=initiative, decision=ReviewDecision.ACCEPTED, note="", by=user)
    own = make_location(municipality=municipality_a)  # registered by the municipality itself: nothing to review
    with pytest.raises(PermissionDenied):
        services.location_review(location=own, decision=ReviewDecision.ACCEPTED, note="", by=officer_a)


# --- units and totals ----------------------------------------------------------------------------------------


def unit(name: str, **figures) -> dict:
    values = {
        "name": name,
        "beds": 4,
        "floor_area_m2": Decimal("60.5"),
        "bedrooms": 4,
        "bedroom_area_m2": Decimal("30.0"),
        "toilets": 1,
        "showers": 1,
        "cooking_points": 1,
        "fridge_litres": 200,
    }
    values.update(figures)
    return values


def test_totals_follow_the_units(officer_a, municipality_a):
    location = make_location(municipality=municipality_a, capacity_beds=99, floor_area_m2=Decimal("999.0"))
    services.unit_save(location=location, by=officer_a, data=unit("Unit A"))
    second = services.unit_save(
        location=location, by=officer_a, data=unit("Unit B", beds=2, floor_area_m2=Decimal("30.0"))
    )
    location.refresh_from_db()
    assert location.capacity_beds == 6
    assert location.floor_area_m2 == Decimal("90.5")
    assert (location.bedrooms, location.toilets, location.fridge_litres) == (8, 2, 400)
    # Typing a total by hand is ignored while units exist.
    services.location_update(location=location, by=officer_a, data={"floor_area_m2": Decimal("5.0")})
    assert Location.objects.get(pk=location.pk).floor_area_m2 == Decimal("90.5")
    services.unit_delete(unit=second, by=officer_a)
    location.refresh_from_db()
    assert (location.capacity_beds, location.floor_area_m2) == (4, Decimal("60.5"))


def test_an_unknown_unit_figure_makes_the_total_unknown(officer_a, municipality_a):
    location = make_location(municipality=municipality_a)
    services.unit_save(location=location, by=officer_a, data=unit("Unit A"))
    services.unit_save(location=location, by=officer_a, data=unit("Unit B", showers=None))
    location.refresh_from_db()
    assert location.showers is None
    assert location.toilets == 2
    # The minimum norm does not read showers; SNF does, and then cannot pass on a partial sum.
    assert location.norm_verdict == NormVerdict.PASS
    location.certificate_scheme = CertificateScheme.SNF
    location.certificate_valid_until = datetime.date(2027, 1, 1)
    location.save()
    services.refresh_norm_verdict(location, on=DAY)
    location.refresh_from_db()
    assert (location.norm_set_applied.code, location.norm_verdict, location.norm_capacity) == (
        "snf",
        NormVerdict.UNKNOWN,
        None,
    )
    services.unit_save(location=location, by=officer_a, data=unit("Unit C", floor_area_m2=None))
    location.refresh_from_db()
    assert location.floor_area_m2 is None and location.capacity_beds == 12


def test_units_are_edited_only_by_who_may_edit_the_location(officer_b, municipality_a):
    location = make_location(municipality=municipality_a)
    with pytest.raises(PermissionDenied):
        services.unit_save(location=location, by=officer_b, data=unit("Unit A"))
    assert not location.units.exists()


# --- stored norm verdicts ------------------------------------------------------------------------------------


def test_refresh_norm_verdict_stores_verdict_capacity_and_set(municipality_a):
    location = make_location(municipality=municipality_a, floor_area_m2=Decimal("200.0"), bedrooms=10, capacity_beds=10)
    location.refresh_from_db()
    assert (location.norm_verdict, location.norm_capacity) == (NormVerdict.PASS, 10)
    assert location.norm_set_applied.code == "minimum"
    Location.objects.filter(pk=location.pk).update(bedrooms=6)
    location.refresh_from_db()
    services.refresh_norm_verdict(location, on=DAY)
    stored = Location.objects.get(pk=location.pk)
    assert (stored.norm_verdict, stored.norm_capacity, stored.norm_evaluated_on) == (NormVerdict.FAIL, 6, DAY)


def test_refresh_on_a_date_uses_the_version_in_force_then(municipality_a):
    location = make_location(
        municipality=municipality_a,
        floor_area_m2=Decimal("130.0"),
        bedrooms=5,
        capacity_beds=10,
        certificate_scheme=CertificateScheme.AKF,
        certificate_number="AKF-9",
        certificate_valid_until=datetime.date(2027, 6, 30),
    )
    services.refresh_norm_verdicts(Location.objects.filter(pk=location.pk), on=datetime.date(2025, 12, 31))
    stored = Location.objects.get(pk=location.pk)
    assert (stored.norm_set_applied.code, stored.norm_verdict, stored.norm_capacity) == ("akf", NormVerdict.PASS, 10)
    assert services.refresh_norm_verdicts(Location.objects.filter(pk=location.pk), on=datetime.date(2026, 1, 1)) == 1
    stored = Location.objects.get(pk=location.pk)
    assert (stored.norm_verdict, stored.norm_capacity) == (NormVerdict.FAIL, 8)
