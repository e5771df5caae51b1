"""The shared API base in zicht.core.api: common error responses in the schema, service errors as problems, and the
scoped base view (scope, one object by key, read audit)."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from zicht.core.api.base import ScopedAPIMixin
from zicht.core.api.problems import PROBLEM_CONTENT_TYPE, ProblemSerializer, problems, service_errors
from zicht.core.api.schema import common_error_statuses
from zicht.core.models import AuditAction, AuditEvent
from zicht.geography.models import Municipality

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture
def schema(openapi_document) -> dict:
    return openapi_document


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", method.upper(), operation


def _expected(method: str, operation: dict) -> set[str]:
    parameters = operation.get("parameters", [])
    public = operation.get("security") in (None, [], [{}])
    expected = set()
    if method in {"POST", "PUT", "PATCH"} or any(p["in"] == "query" for p in parameters):
        expected.add("400")
    if not public:
        expected |= {"401", "403"}
    else:
        expected.add("429")  # every public endpoint is throttled (the anonymous rate, or its own)
    if any(p["in"] == "path" for p in parameters):
        expected.add("404")
    return expected


def test_every_operation_declares_the_common_error_responses(schema):
    operations = list(_operations(schema))
    assert len(operations) > 40
    for name, method, operation in operations:
        responses = operation["responses"]
        for code in _expected(method, operation):
            assert code in responses, f"{name} does not declare {code}"
            assert responses[code]["content"][PROBLEM_CONTENT_TYPE]["schema"] == PROBLEM_REF, (name, code)
            assert responses[code]["description"], (name, code)


def test_the_common_errors_follow_from_the_operation(schema):
    responses = {name: set(op["responses"]) for name, _method, op in _operations(schema)}
    assert responses["GET /api/v1/me"] == {"200", "401", "403"}
    assert responses["GET /api/v1/locations/{id}"] == {"200", "401", "403", "404"}
    assert responses["POST /api/v1/locations"] == {"201", "400", "401", "403", "415"}
    assert responses["PATCH /api/v1/locations/{id}"] == {"200", "400", "401", "403", "404", "412", "415", "428"}
    assert responses["GET /api/v1/locations"] == {"200", "400", "401", "403", "404"}  # 404: a page past the end
    assert responses["POST /api/v1/public/reports"] == {"201", "400", "415", "429"}
    assert responses["GET /api/v1/public/reports/{tracking_code}"] == {"200", "404", "429"}
    # A view's own problem responses (a rejected or too large file) stay beside the common ones.
    upload = responses["POST /api/v1/occupancy-uploads"]
    assert {"400", "401", "403"} < upload and upload - {"200", "201", "202", "400", "401", "403", "404", "429"}


def test_one_problem_component(schema):
    assert set(schema["components"]["schemas"]["Problem"]["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "invalid_params",
    }


def test_common_error_statuses_without_a_view():
    assert common_error_statuses({}, method="GET", authenticated=False, throttled=False) == []
    path = {"parameters": [{"in": "path", "name": "id"}]}
    assert common_error_statuses(path, method="DELETE", authenticated=True, throttled=False) == [
        401,
        403,
        404,
        412,
        428,
    ]
    assert common_error_statuses({}, method="GET", authenticated=False, throttled=False, paged=True) == [404]
    body = {"requestBody": {}}
    assert common_error_statuses(body, method="POST", authenticated=False, throttled=False) == [400, 415]
    assert common_error_statuses({}, method="POST", authenticated=False, throttled=True) == [400, 429]


def test_problems_declares_extra_problem_responses():
    assert problems(409, 422) == {
        (409, PROBLEM_CONTENT_TYPE): ProblemSerializer,
        (422, PROBLEM_CONTENT_TYPE): ProblemSerializer,
    }


# service_errors


def _raised(exc: Exception, **kwargs) -> object:
    with pytest.raises(serializers.ValidationError) as caught, service_errors(**kwargs):
        raise exc
    return caught.value.detail


def test_service_errors_name_fields_as_the_api_does():
    error = DjangoValidationError(
        {NON_FIELD_ERRORS: ["Niet zo."], "to_status": ["Niet toegestaan."], "postcode": ["Onbekend."]}
    )
    detail = _raised(error, names={"to_status": "status"}, groups={"address": {"postcode", "house_number"}})
    assert detail == {
        "non_field_errors": ["Niet zo."],
        "status": ["Niet toegestaan."],
        "address": {"postcode": ["Onbekend."]},
    }


def test_service_errors_without_fields_and_under_a_field():
    assert _raised(DjangoValidationError("Kapot.")) == {"non_field_errors": ["Kapot."]}
    assert _raised(DjangoValidationError({"postcode": ["Onbekend."]}), field="address") == {
        "address": {"postcode": ["Onbekend."]}
    }


def test_service_errors_let_other_exceptions_through():
    with pytest.raises(Http404), service_errors():
        raise Http404


# The scoped base view


class _MunicipalityOnly(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name"]


def _only_deventer(user):
    return Municipality.objects.filter(code="GM0150")


class _ScopedView(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = _MunicipalityOnly
    lookup_field = "code"
    visible_to = staticmethod(_only_deventer)
    read_audit_detail = "test read"
    service_error_names = {"to_status": "status"}

    def retrieve(self, request, *args, **kwargs):
        municipality = self.get_object()
        self.audit_read([municipality], municipality_id=municipality.pk)
        return super().retrieve(request, *args, **kwargs)


def _get(view_class, user, code: str | None = None):
    actions = {"get": "retrieve" if code else "list"}
    request = APIRequestFactory().get(f"/x/{code or ''}", {"name": "Zwolle"})
    force_authenticate(request, user=user)
    return view_class.as_view(actions)(request, **({"code": code} if code else {}))


def test_scoped_view_lists_and_finds_only_what_the_selector_gives(officer_a, municipality_a, municipality_b):
    listed = _get(_ScopedView, officer_a)
    assert [row["code"] for row in listed.data["results"]] == ["GM0150"]
    # A filter in the query string does not hide the one object asked for.
    assert _get(_ScopedView, officer_a, "GM0150").status_code == 200
    outside = _get(_ScopedView, officer_a, "GM0193")
    assert outside.status_code == 404 and outside.data["status"] == 404 and outside.content_type == PROBLEM_CONTENT_TYPE


def test_scoped_view_audits_the_read(officer_a, municipality_a):
    _get(_ScopedView, officer_a, "GM0150")
    event = AuditEvent.objects.get(action=AuditAction.READ)
    assert (event.actor, event.object_type, event.object_id, event.detail) == (
        officer_a,
        "geography.municipality",
        str(municipality_a.pk),
        "test read",
    )
    assert event.municipality_id == municipality_a.pk


def test_scoped_view_uses_its_service_error_names():
    view = _ScopedView()
    with pytest.raises(serializers.ValidationError) as caught, view.service_errors():
        raise DjangoValidationError({"to_status": ["Niet toegestaan."]})
    assert caught.value.detail == {"status": ["Niet toegestaan."]}


def test_a_view_without_scope_or_audit_detail_is_misconfigured(officer_a, municipality_a):
    class Unscoped(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
        serializer_class = _MunicipalityOnly

    with pytest.raises(ImproperlyConfigured):
        _get(Unscoped, officer_a)

    class Unaudited(_ScopedView):
        read_audit_detail = ""

    with pytest.raises(ImproperlyConfigured):
        _get(Unaudited, officer_a, "GM0150")
