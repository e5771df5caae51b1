"""A write through the API answers once it is sure of its answer: a create answers 201 with a plain-string `Location`
and stores the object once, and nothing that fails while the answer is made leaves the write behind.

A WSGI server checks header values the way `wsgiref` does (`zicht serve` and runserver use it): a value that is not
a plain `str` makes it answer 500 text/plain after the view has committed, and a client that retries creates a
duplicate. Django's test client passes such a value on, so these tests check the type themselves.
"""

from __future__ import annotations

from wsgiref.headers import Headers

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import SAFE_METHODS
from rest_framework.test import APIClient
from rest_framework.views import APIView

from tests.factories import AddressFactory, DistrictFactory, NeighbourhoodFactory
from zicht.core.services import api_token_create
from zicht.housing.api.serializers import LocationSerializer
from zicht.housing.models import Location
from zicht.reports.api.serializers import StaffReportCreatedSerializer
from zicht.reports.models import Report


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='test')[1]}")
        return client

    return client_for


@pytest.fixture
def deventer_address(municipality_a):
    district = DistrictFactory(municipality=municipality_a, code="WK015001", name="Centrum")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU01500101", name="Binnenstad")
    return AddressFactory(
        municipality=municipality_a,
        neighbourhood=neighbourhood,
        street="Bolwerksweg",
        house_number=3,
        postcode="7411 AB",
    )


def location_body() -> dict:
    return {
        "name": "Nieuwe locatie",
        "municipality": "GM0150",
        "form": "business_park",
        "stay_type": "mid",
        "capacity_beds": 2,
        "floor_area_m2": "30",
        "bedrooms": 2,
        "address": {"postcode": "7411ab", "house_number": 12},
    }


def report_body() -> dict:
    return {
        "category": "overcrowding",
        "description": "Twaalf mensen in een eengezinswoning.",
        "address": {"postcode": "7411ab", "house_number": 3},
        "anonymous": True,
    }


def assert_served_as_is(response) -> None:
    """Every header value is a plain str, as a WSGI server demands of it."""
    Headers(list(response.items()))  # raises AssertionError as wsgiref's server does
    assert all(type(value) is str for value in response.headers.values())


def test_location_create_answers_201_with_a_plain_location_and_stores_it_once(api, officer_a, municipality_a):
    response = api(officer_a).post("/api/v1/locations", location_body(), format="json")
    assert response.status_code == 201, response.content
    assert type(response["Location"]) is str
    assert response["Location"] == response.json()["url"]
    assert_served_as_is(response)
    assert Location.objects.filter(name="Nieuwe locatie").count() == 1


def test_report_create_answers_201_with_a_plain_location_and_stores_it_once(api, officer_a, deventer_address):
    response = api(officer_a).post("/api/v1/reports", report_body(), format="json")
    assert response.status_code == 201, response.content
    assert type(response["Location"]) is str
    assert response["Location"].endswith(f"/api/v1/reports/{response.json()['id']}")
    assert_served_as_is(response)
    assert Report.objects.count() == 1


def _failing_representation(self, instance):
    raise RuntimeError("the answer could not be made")


@pytest.mark.parametrize(
    ("path", "body", "serializer", "model"),
    [
        ("/api/v1/locations", location_body, LocationSerializer, Location),
        ("/api/v1/reports", report_body, StaffReportCreatedSerializer, Report),
    ],
)
def test_a_create_whose_answer_fails_stores_nothing(
    api, officer_a, deventer_address, monkeypatch, path, body, serializer, model
):
    """The answer is made inside the write's transaction: when making it fails, the write is undone, so the 500 the
    client gets is the truth and a retry creates no duplicate."""
    monkeypatch.setattr(serializer, "to_representation", _failing_representation)
    client = api(officer_a)
    client.raise_request_exception = False
    response = client.post(path, body(), format="json")
    assert response.status_code == 500
    assert not model.objects.exists()


def _api_views_that_write(resolver: URLResolver | None = None, prefix: str = "") -> dict[str, type]:
    """Each view class under /api/ that takes a write method, by its route, read from the URLconf itself."""
    found: dict[str, type] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found.update(_api_views_that_write(pattern, route))
            continue
        view_class = getattr(pattern.callback, "cls", None)
        if not (isinstance(pattern, URLPattern) and "api/" in route and view_class and issubclass(view_class, APIView)):
            continue
        # A viewset's route maps methods to actions; a plain APIView takes the methods it defines.
        actions = getattr(pattern.callback, "actions", None) or {
            name: name for name in view_class.http_method_names if hasattr(view_class, name)
        }
        if {method.upper() for method in actions} - set(SAFE_METHODS):
            found[route] = view_class
    return found


def test_every_api_view_that_writes_makes_its_answer_before_the_commit():
    from zicht.core.api.base import CommittedAnswerMixin

    writers = _api_views_that_write()
    assert len(writers) >= 8, sorted(writers)  # locations, reports, public reports, signals, plans, blocks, uploads
    missing = sorted(route for route, view_class in writers.items() if not issubclass(view_class, CommittedAnswerMixin))
    assert not missing, f"API views that write without CommittedAnswerMixin: {missing}"
