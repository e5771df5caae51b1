"""Every operation of the published OpenAPI document, fuzzed by schemathesis: no 5xx, and every answer as documented.

A bounded run, part of the default suite. On the demo data set (without its population), each operation of
`/api/v1/schema` is called as three callers: anonymous, the demo's municipal policy officer (`gemeente`: the register,
reports, plans and indicators of Deventer) and the demo's API client (`api-huisvester`, a market party: its own
locations, initiatives, block registration requests). Each gets a few generated requests: on the demo's own objects
(so that details, edits and actions get past the 404), on whatever schemathesis makes up, and one body per write that
passes validation (creates and steps that commit, where a 500 after the commit showed). Each answer must be no server
error, with a documented status, content type, headers and body (schemathesis' checks; none is excluded).

The app is called in-process through WSGI, with its headers checked as wsgiref's server checks them, so what a real
server refuses (a header value that is not a plain `str`) fails here too. Each request runs in a savepoint that is
rolled back, so the requests are independent, and `derandomize` makes them the same on every run. On both engines:
what the API answers comes from the database (scopes, constraints, transactions), so PostgreSQL is checked as well.

Only positive data (requests the document allows): schemathesis' negative mode found only the unknown `?format=`
(now a 400) in a one-off run of 200 s, too slow for every run; malformed files are tested by the upload tests.
Measured on the 2-CPU development machine (3 December 2026): 56 operations, 488 requests (92 anonymous, 198 per
token) in 17 s on SQLite when the machine was quiet (25 s while others ran), 21 s on PostgreSQL, plus 5 s to load
the demo once for the module.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from wsgiref.headers import Headers

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.demo.module_data import loaded_for_the_module
from zicht.core.models import User
from zicht.core.services import api_token_create

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Requests per operation and caller: on the demo's objects, on made-up ones, and one with a body that passes
# validation. An anonymous caller meets the 401 before anything else, except on the public operations.
EXAMPLES = {"known": 3, "made_up": 2, "good_body": 1, "anonymous": 1}
RUN = settings(
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure here is reproducible
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failing request is reported as it was sent
)


def _known_path_parameters() -> dict[str, dict[str, object]]:
    """Path parameters naming objects of the demo, by the first segment of the path after /api/v1/."""
    from zicht.geography.models import Address, Municipality, Neighbourhood, Province, Region
    from zicht.housing.models import Location, NormSet
    from zicht.neighbourhoods.models import NeighbourhoodPlan
    from zicht.occupancy.models import BlockRegistration
    from zicht.parties.models import Convenant, Organisation, Signal
    from zicht.reports.choices import ReportStatus
    from zicht.reports.models import Report

    deventer = Municipality.objects.get(code="GM0150")

    def first(queryset) -> object | None:
        row = queryset.order_by("pk").first()
        return None if row is None else row.pk

    return {
        "addresses": {"id": first(Address.objects.filter(municipality=deventer))},
        "areas": {"code": "GM0150"},
        "block-registrations": {"id": first(BlockRegistration.objects.filter(municipality=deventer))},
        "convenants": {"id": first(Convenant.objects.all())},
        "locations": {"id": first(Location.objects.filter(municipality=deventer))},
        "municipalities": {"code": "GM0150"},
        "neighbourhood-plans": {"id": first(NeighbourhoodPlan.objects.all())},
        "neighbourhoods": {"code": Neighbourhood.objects.filter(district__municipality=deventer).first().code},
        "norm-sets": {"code": NormSet.objects.order_by("code").first().code},
        "organisations": {"id": first(Organisation.objects.all())},
        "provinces": {"code": Province.objects.get(code="PV23").code},
        "regions": {"slug": Region.objects.order_by("slug").first().slug},
        "reports": {"id": first(Report.objects.filter(municipality=deventer, status=ReportStatus.REPORTED))},
        "signals": {"id": first(Signal.objects.all())},
    }


def _good_bodies() -> dict[tuple[str, str], dict]:
    """A request that passes validation, per write operation: random bodies rarely get past it, and the defects that
    follow a commit (a 500 after a create) only show when one does."""
    from zicht.geography.models import Address

    address = Address.objects.filter(municipality__code="GM0150").order_by("pk").first()
    at = {"postcode": address.postcode, "house_number": address.house_number}
    report = {"category": "waste", "description": "Weer vuilniszakken naast de container.", "address": at}
    return {
        ("POST", "/api/v1/locations"): {
            "name": "Nieuwe locatie",
            "municipality": "GM0150",
            "form": "business_park",
            "stay_type": "mid",
            "capacity_beds": 2,
            "floor_area_m2": "30",
            "bedrooms": 2,
            "address": {"postcode": "7411 AB", "house_number": 12, "house_letter": ""},
        },
        ("PATCH", "/api/v1/locations/{id}"): {"name": "Andere naam"},
        ("POST", "/api/v1/locations/{id}/status"): {"status": "closed", "note": "Gesloten"},
        ("POST", "/api/v1/reports"): {**report, "anonymous": True},
        ("POST", "/api/v1/public/reports"): {**at, "category": "waste", "description": report["description"]},
        ("PATCH", "/api/v1/reports/{id}"): {"concerns_migrant_housing": True},
        ("POST", "/api/v1/reports/{id}/status"): {"status": "in_progress"},
        ("POST", "/api/v1/block-registrations"): {
            "municipality": "GM0150",
            "group_size": 25,
            "place": "Hanzepark",
            "proposed_dates": ["2031-06-02"],
        },
    }


@pytest.fixture(scope="module")
def demo_api(django_db_setup, django_db_blocker) -> Iterator[dict]:
    def load() -> dict:
        call_command("demo", "--quiet", "--without-population")
        tokens = {
            username: api_token_create(user=User.objects.get(username=username), name="fuzz")[1]
            for username in ("gemeente", "api-huisvester")
        }
        return {"tokens": tokens, "paths": _known_path_parameters(), "bodies": _good_bodies()}

    with loaded_for_the_module(django_db_blocker, load) as loaded:
        yield loaded


def as_a_wsgi_server_sends_it(app):
    """`app` with its headers checked as wsgiref's server (`zicht serve`, runserver) checks them: a value that is not
    a plain `str` (a DRF `Hyperlink`) makes that server answer 500 text/plain, after the view has done its work."""

    def served(environ, start_response):
        refused: list[str] = []

        def checked_start_response(status, headers, exc_info=None):
            try:
                Headers(headers)
            except AssertionError as error:
                refused.append(str(error))
                return lambda data: None
            return start_response(status, headers, exc_info)

        chunks = app(environ, checked_start_response)
        if not refused:
            return chunks
        getattr(chunks, "close", lambda: None)()
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [f"A server error occurred: {refused[0]}".encode()]

    return served


@pytest.fixture(scope="module")
def wsgi_app() -> Iterator[object]:
    # Django's test client does the same: a request must not close the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    try:
        yield as_a_wsgi_server_sends_it(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)


def _fuzz(
    operation, *, headers: dict[str, str], examples: int, path_parameters: dict | None = None, body=None
) -> tuple[int, list[str]]:
    """Send up to `examples` generated requests to `operation`; how many were sent, and what failed."""
    sent, failures = [], []
    fixed: dict = {"path_parameters": path_parameters} if path_parameters else {}
    if body is not None:
        fixed.update(body=body, media_type="application/json")

    @settings(RUN, max_examples=examples)
    @given(case=operation.as_strategy(**fixed))
    def run(case) -> None:
        sent.append(case)
        with transaction.atomic():
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except (Failure, FailureGroup) as failure:
                failures.append(f"{operation.label}: {failure}".strip()[:3000])
            finally:
                transaction.set_rollback(True)

    run()
    return len(sent), failures


def _known(demo_api: dict, operation) -> dict:
    segment = operation.path.removeprefix("/api/v1/").split("/")[0]
    names = {parameter.name for parameter in operation.path_parameters}
    return {name: value for name, value in demo_api["paths"].get(segment, {}).items() if name in names and value}


@pytest.mark.parametrize("caller", ["anonymous", "gemeente", "api-huisvester"])
def test_every_operation_answers_as_documented(db, demo_api, wsgi_app, openapi_document, caller):
    cache.clear()  # the anonymous rate and the public report limit count in the cache
    schema = schemathesis.openapi.from_dict(openapi_document)
    schema.app = wsgi_app
    headers = {} if caller == "anonymous" else {"Authorization": f"Token {demo_api['tokens'][caller]}"}
    started, operations, requests, failures = time.monotonic(), 0, 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        public = not operation.definition.raw.get("security")
        known = _known(demo_api, operation)
        body = demo_api["bodies"].get((operation.method.upper(), operation.path))
        runs = [{"examples": EXAMPLES["made_up"]}]
        if known:
            runs.append({"examples": EXAMPLES["known"], "path_parameters": known})
        if body is not None:
            runs.append({"examples": EXAMPLES["good_body"], "path_parameters": known, "body": body})
        for run in runs:
            if caller == "anonymous" and not public:
                run["examples"] = EXAMPLES["anonymous"]
            count, failed = _fuzz(operation, headers=headers, **run)
            requests, failures = requests + count, failures + failed
    print(f"{caller}: {operations} operations, {requests} requests in {time.monotonic() - started:.1f} s")
    assert operations >= 56
    assert not failures, "\n\n".join(failures)
