"""Reads never write: a GET for a day without snapshots computes the figures for the answer and stores nothing;
the snapshots are written by the refresh task an ingest queues on commit."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zicht.geography.areas import resolve_area
from zicht.occupancy import indicators
from zicht.occupancy.ingest import run_ingest
from zicht.occupancy.models import CommuteSnapshot, IndicatorSnapshot, LocationSnapshot

from .episodes import ON, build_world
from .ingest_support import OCCUPANCY_HEADER, bsns, committed, write_csv
from .ingest_support import places_fixture as places_fixture  # the `places` fixture

AREAS = ("GM0150", "PV23", "west-overijssel")


@pytest.fixture
def world(region, municipality_a, municipality_b, municipality_elsewhere):
    return build_world(municipality_a, municipality_b, municipality_elsewhere)


def snapshot_rows() -> tuple[int, int, int]:
    return IndicatorSnapshot.objects.count(), LocationSnapshot.objects.count(), CommuteSnapshot.objects.count()


def api_figures(user, code: str) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/areas/{code}/indicators?date={ON}")
    assert response.status_code == 200, response.content
    return response.json()


def test_get_for_a_day_without_snapshots_stores_nothing_and_answers_as_a_refresh(world, administrator, client):
    before = snapshot_rows()
    read = {code: api_figures(administrator, code) for code in AREAS}
    client.force_login(administrator)
    page = client.get(reverse("housing:location_detail", args=[world["la1"].pk]))
    assert page.status_code == 200
    distribution = indicators.location_distribution(world["la1"], ON)
    commutes = indicators.commuting_matrix(resolve_area("west-overijssel"), ON)
    assert snapshot_rows() == before == (0, 0, 0)
    for code in AREAS:
        indicators.refresh(resolve_area(code), ON)
    assert IndicatorSnapshot.objects.count() > 0 and LocationSnapshot.objects.count() > 0
    assert CommuteSnapshot.objects.count() > 0
    assert {code: api_figures(administrator, code) for code in AREAS} == read
    assert indicators.location_distribution(world["la1"], ON) == distribution
    assert indicators.commuting_matrix(resolve_area("west-overijssel"), ON) == commutes and commutes


def test_the_refresh_is_a_task_queued_on_commit(tmp_path, places):
    area = resolve_area("GM0150")
    indicators.refresh(area, ON)  # a stored snapshot, stale once the ingest adds a person
    assert IndicatorSnapshot.objects.filter(area_code="GM0150").exists()
    rows = [f"{bsns(1)[0]},D-1,2025-01-01,,GM0150,,"]
    with committed() as callbacks:
        upload = run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows))
        assert upload.status == "done", upload.errors
        # Until the commit only the stale snapshots are gone (in the load's transaction); reads compute.
        assert not IndicatorSnapshot.objects.filter(area_code="GM0150").exists()
        assert indicators.indicators_for(area, ON).living == 1
    assert len(callbacks) == 1  # the refresh, run by the immediate task backend at the commit
    assert IndicatorSnapshot.objects.filter(area_code="GM0150").exists()
