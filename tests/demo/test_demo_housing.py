"""The demo housing register: about sixty locations in Overijssel and Rivierenland, loaded idempotently."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db.models import Sum

from zicht.core.models import AuditEvent, User
from zicht.demo.housing import HISTORY_FILE, LOCATIONS_FILE, Step, _check, load_locations
from zicht.demo.loading import Tally, data_path
from zicht.demo.services import load_demo
from zicht.geography.models import Address, Region
from zicht.housing import selectors
from zicht.housing.choices import (
    PLANNED_STATUSES,
    LocationForm,
    LocationStatus,
    NormVerdict,
    ReviewDecision,
    StayType,
)
from zicht.housing.models import Location, LocationStatusChange, Unit
from zicht.parties.choices import MARKET_KINDS

pytestmark = pytest.mark.django_db

REFERENCE_DAY = datetime.date(2026, 11, 23)
OVERIJSSEL_TOWNS = {"Deventer", "Zwolle", "Enschede", "Kampen", "Almelo", "Hengelo", "Hardenberg", "Raalte"}
RIVIERENLAND_TOWNS = {"Tiel", "Culemborg", "Buren", "Neder-Betuwe", "West Betuwe", "Zaltbommel", "Maasdriel"}


def snapshot() -> dict:
    return {
        "locations": list(Location.objects.order_by("ref").values()),
        "history": list(LocationStatusChange.objects.order_by("pk").values()),
        "units": list(Unit.objects.order_by("pk").values()),
        "addresses": list(Address.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.count(),
    }


def test_about_sixty_locations_with_every_form_stay_type_and_status(demo):
    # The population's aggregate locations (refs ending in -P1, one per Overijssel municipality) stand apart.
    locations = Location.objects.exclude(ref__endswith="-P1")
    assert 55 <= locations.count() <= 70
    assert set(locations.values_list("form", flat=True)) == set(LocationForm.values)
    assert set(locations.values_list("stay_type", flat=True)) == set(StayType.values)
    statuses = Counter(locations.values_list("status", flat=True))
    assert set(statuses) == set(LocationStatus.values)
    assert statuses[LocationStatus.IN_USE] > locations.count() / 2  # most are in use
    assert statuses[LocationStatus.CLOSED] == 2
    beds = sorted(locations.values_list("capacity_beds", flat=True))
    assert beds[0] == 4 and 400 <= beds[-1] <= 500
    # Long stay lives mostly in regular dwellings, short stay mostly on business and holiday parks.
    long_stay = Counter(locations.filter(stay_type=StayType.LONG).values_list("form", flat=True))
    assert long_stay.most_common(1)[0][0] == LocationForm.REGULAR_DWELLING
    short_stay = Counter(locations.filter(stay_type=StayType.SHORT).values_list("form", flat=True))
    assert short_stay[LocationForm.REGULAR_DWELLING] == 0


def test_both_regions_and_deventer_with_its_demo_neighbourhoods(demo):
    towns = Counter(Location.objects.values_list("municipality__name", flat=True))
    assert towns["Deventer"] >= 15
    assert set(towns) >= OVERIJSSEL_TOWNS | RIVIERENLAND_TOWNS
    rivierenland = Region.objects.get(name="Rivierenland").municipalities.all()
    assert 12 <= Location.objects.filter(municipality__in=rivierenland).count() <= 25
    deventer = Location.objects.filter(municipality__code="GM0150")
    in_neighbourhoods = deventer.filter(neighbourhood__isnull=False)
    assert in_neighbourhoods.count() >= 8
    assert in_neighbourhoods.filter(neighbourhood__name="Deltabuurt").count() >= 2
    for location in Location.objects.select_related("municipality__province", "address"):
        assert location.lat is not None and location.lon is not None, location
        if location.municipality.province.code == "PV23":
            assert 52.2 < location.lat < 52.7 and 5.8 < location.lon < 7.0, location
        else:
            assert 51.7 < location.lat < 52.0 and 5.0 < location.lon < 5.7, location
        if location.address:
            assert location.address.municipality_id == location.municipality_id
            assert abs(location.address.lat - location.lat) < 0.01


def test_some_locations_fail_most_pass_and_a_few_are_unknown(demo):
    verdicts = Counter(Location.objects.values_list("norm_verdict", flat=True))
    assert verdicts[NormVerdict.PASS] > verdicts[NormVerdict.FAIL] >= 8
    assert 2 <= verdicts[NormVerdict.UNKNOWN] <= 6
    applied = Counter(Location.objects.values_list("norm_set_applied__code", flat=True))
    assert set(applied) == {"minimum", "snf", "akf"}
    for location in Location.objects.all():
        evaluation = selectors.applicable_evaluation(location, REFERENCE_DAY)
        assert (evaluation.verdict, evaluation.norm_capacity) == (location.norm_verdict, location.norm_capacity)
        if location.norm_verdict == NormVerdict.UNKNOWN:
            assert evaluation.evaluation.missing, location
    # AKF's 15 m² from 1 January 2026 is what makes the Zwolle holiday park fail.
    park = Location.objects.get(ref="DEMO-ZWL-06")
    assert selectors.applicable_evaluation(park, datetime.date(2025, 12, 31)).verdict == NormVerdict.PASS
    assert park.norm_verdict == NormVerdict.FAIL


def test_initiatives_waiting_for_review_and_the_unsigned_operator(demo):
    flexwonen = User.objects.get(username="huisvester").organisation
    assert flexwonen.name == "Flexwonen Salland BV"
    pending = Location.objects.filter(
        registered_by=flexwonen, status=LocationStatus.INITIATIVE, review=ReviewDecision.PENDING
    )
    assert pending.count() == 2
    assert set(pending.values_list("municipality__name", flat=True)) == {"Deventer"}
    visible = selectors.location_list_visible_to(User.objects.get(username="huisvester"))
    assert set(pending) <= set(visible)
    assert not visible.exclude(operator=flexwonen).exclude(registered_by=flexwonen).exists()
    zaltbommel = Location.objects.get(municipality__name="Zaltbommel", status=LocationStatus.INITIATIVE)
    assert zaltbommel.operator.name == "Bommelerwaard Logies BV"
    for planned in Location.objects.filter(status__in=PLANNED_STATUSES):
        assert planned.expected_delivery and 2027 <= planned.expected_delivery.year <= 2029, planned
        assert planned.in_use_since is None
    officer = User.objects.get(username="gemeente")
    assert set(selectors.location_list_visible_to(officer).values_list("municipality__code", flat=True)) == {"GM0150"}


def test_operators_certificates_history_and_units(demo):
    operators = Location.objects.exclude(operator=None).values_list("operator__kind", flat=True)
    assert operators and set(operators) <= set(MARKET_KINDS)
    assert not Location.objects.filter(operator=None).exists()
    certified = Location.objects.exclude(certificate_scheme="")
    assert set(certified.values_list("certificate_scheme", flat=True)) == {"snf", "akf"}
    expiring = selectors.certificate_expiring(certified, 90, today=REFERENCE_DAY)
    assert expiring.filter(certificate_valid_until__lt=REFERENCE_DAY).count() == 1
    assert expiring.filter(certificate_valid_until__gte=REFERENCE_DAY).count() >= 3
    assert Location.objects.filter(status=LocationStatus.IN_USE).exclude(permit_reference="").count() >= 20

    path = list(
        Location.objects.get(ref="DEMO-DEV-14").status_history.order_by("on", "pk").values_list("to_status", "on")
    )
    assert path == [
        (LocationStatus.INITIATIVE, datetime.date(2021, 11, 15)),
        (LocationStatus.PERMIT_REQUESTED, datetime.date(2022, 4, 1)),
        (LocationStatus.PERMITTED, datetime.date(2022, 12, 12)),
        (LocationStatus.IN_USE, datetime.date(2023, 4, 3)),
    ]
    assert Location.objects.get(ref="DEMO-DEV-14").in_use_since == datetime.date(2023, 4, 3)
    with_history = [loc for loc in Location.objects.all() if loc.status_history.count() > 1]
    assert len(with_history) >= 4
    for location in Location.objects.prefetch_related("status_history"):
        last = max(location.status_history.all(), key=lambda entry: (entry.on, entry.pk))
        assert (last.to_status, last.on) == (location.status, location.status_since), location

    with_units = Location.objects.filter(units__isnull=False).distinct()
    assert 2 <= with_units.count() <= 3
    for location in with_units:
        sums = location.units.aggregate(beds=Sum("beds"), area=Sum("floor_area_m2"), bedrooms=Sum("bedrooms"))
        assert (location.capacity_beds, location.floor_area_m2, location.bedrooms) == (
            sums["beds"],
            sums["area"],
            sums["bedrooms"],
        )


def test_loading_twice_changes_nothing_and_logs_nothing(demo):
    before = snapshot()
    tally = load_locations(Tally())
    assert not tally.changed, tally.summary()
    load_demo(population=False)
    assert snapshot() == before


def test_the_files_say_the_data_is_invented():
    for name in (LOCATIONS_FILE, HISTORY_FILE, "location_units.csv"):
        head = data_path(name).read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("#"), name
    assert "INVENTED FOR THE DEMO" in data_path(LOCATIONS_FILE).read_text(encoding="utf-8")


def test_a_history_that_does_not_match_the_location_is_refused():
    values = {"status": LocationStatus.IN_USE, "status_since": datetime.date(2024, 1, 1), "in_use_since": None}
    with pytest.raises(ValueError, match="in_use_since"):
        _check("X", values, [])
    values["in_use_since"] = datetime.date(2024, 1, 1)
    jump = [
        Step("", LocationStatus.INITIATIVE, datetime.date(2023, 1, 1), ""),
        Step(LocationStatus.INITIATIVE, LocationStatus.IN_USE, datetime.date(2024, 1, 1), ""),
    ]
    with pytest.raises(ValueError, match="workflow"):
        _check("X", values, jump)
    ends_elsewhere = [
        Step("", LocationStatus.PERMITTED, datetime.date(2023, 1, 1), ""),
        Step(LocationStatus.PERMITTED, LocationStatus.IN_USE, datetime.date(2023, 6, 1), ""),
    ]
    with pytest.raises(ValueError, match="last step"):
        _check("X", values, ends_elsewhere)
    _check("X", values, [*ends_elsewhere[:1], Step(LocationStatus.PERMITTED, "in_use", datetime.date(2024, 1, 1), "")])
