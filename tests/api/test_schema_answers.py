"""The published OpenAPI document says what the API answers: the values responses send are valid under it, and the
problem statuses an operation can give are listed on it. Operations are read from the document, not from a list.
"""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS30Validator
from rest_framework.test import APIClient

from tests.housing.factories import make_location
from zicht.core.services import api_token_create

PROBLEM = "application/problem+json"
AUTHENTICATED_STATUSES = ("401", "403")


def validator(document: dict, component: str) -> OAS30Validator:
    """A validator of one component schema, resolving its references in `document`."""
    return OAS30Validator({"$ref": f"#/components/schemas/{component}", "components": document["components"]})


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def requires_authentication(document: dict, operation: dict) -> bool:
    # An operation without `security` of its own takes the document's; drf-spectacular writes `[]` for none.
    security = operation.get("security", document.get("security", []))
    return bool(security) and {} not in security


# house_letter: drf-spectacular offered "" twice (the pattern allows it, and an explicit blank alternative), and
# `oneOf` refuses a value that matches two of its schemas.


def test_house_letter_takes_a_blank_and_one_letter_wherever_it_is_documented(openapi_document):
    components = [
        name
        for name, schema in openapi_document["components"]["schemas"].items()
        if "house_letter" in schema.get("properties", {})
    ]
    assert len(components) >= 4, components  # addresses of locations and reports, requests and responses
    for name in components:
        check = validator(openapi_document, name)
        for letter in ("", "A", "b"):
            errors = [error.message for error in check.iter_errors({"house_letter": letter})]
            assert not [e for e in errors if "house_letter" in e or "oneOf" in e or "valid under" in e], (name, letter)
        assert not check.is_valid({"house_letter": "AB"}) or name == "Address", name


def test_a_location_without_certificate_validates_against_its_documented_schema(
    openapi_document, officer_a, municipality_a
):
    location = make_location(municipality=municipality_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=officer_a, name='test')[1]}")
    body = client.get(f"/api/v1/locations/{location.pk}").json()
    assert body["certificate_scheme"] == ""
    errors = [error.message for error in validator(openapi_document, "Location").iter_errors(body)]
    assert errors == []
    listed = client.get("/api/v1/locations").json()
    errors = [error.message for error in validator(openapi_document, "PaginatedLocationList").iter_errors(listed)]
    assert errors == []


def test_401_and_403_are_documented_on_every_operation_that_requires_authentication(openapi_document):
    authenticated = [
        (path, method, operation)
        for path, method, operation in operations(openapi_document)
        if requires_authentication(openapi_document, operation)
    ]
    assert len(authenticated) >= 50  # every operation but the public report intake and tracking
    for path, method, operation in authenticated:
        for status in AUTHENTICATED_STATUSES:
            response = operation["responses"].get(status)
            assert response is not None, f"{method.upper()} {path} does not document {status}"
            assert PROBLEM in response.get("content", {}), f"{method.upper()} {path}: {status} is not problem+json"


def _filled(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_anonymous_callers_get_the_401_the_document_promises_and_only_there(openapi_document, db):
    client = APIClient()
    for path, method, operation in operations(openapi_document):
        response = getattr(client, method)(_filled(path), {}, format="json")
        documented = set(operation["responses"])
        assert str(response.status_code) in documented, f"{method.upper()} {path}: {response.status_code}"
        if requires_authentication(openapi_document, operation):
            assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"
            assert response["Content-Type"] == PROBLEM and response["WWW-Authenticate"] == "Token"
        else:
            assert response.status_code != 401, f"{method.upper()} {path}"


def test_a_page_past_the_end_is_documented_on_every_paged_list(openapi_document, officer_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=officer_a, name='test')[1]}")
    paged = [
        (path, operation)
        for path, method, operation in operations(openapi_document)
        if any(parameter["name"] == "page" for parameter in operation.get("parameters", []))
    ]
    assert len(paged) >= 12
    for path, operation in paged:
        assert "404" in operation["responses"], f"GET {path} answers 404 past the last page but does not say so"
    response = client.get("/api/v1/provinces", {"page": 99})
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("status", ["400", "401", "403", "404"])
def test_every_documented_problem_is_problem_json(openapi_document, status):
    for path, method, operation in operations(openapi_document):
        response = operation["responses"].get(status)
        if response is not None:
            assert list(response.get("content", {})) == [PROBLEM], f"{method.upper()} {path} {status}"


def test_an_unknown_format_is_a_documented_400_naming_the_parameter(openapi_document, officer_a, db):
    """DRF answered 404 to `?format=` with an unknown value, which the GeoJSON list does not document."""
    documented = openapi_document["paths"]["/api/v1/locations/geojson"]["get"]
    assert "format" in {parameter["name"] for parameter in documented["parameters"]}
    client = APIClient()
    for caller in (None, officer_a):
        if caller is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=caller, name='test')[1]}")
        response = client.get("/api/v1/locations/geojson", {"format": "xml"})
        assert response.status_code == 400 and response["Content-Type"] == PROBLEM
        assert str(response.status_code) in documented["responses"]
        (param,) = response.json()["invalid_params"]
        assert param["name"] == "format" and "geojson" in param["reason"] and "json" in param["reason"]
    assert client.get("/api/v1/locations/geojson", {"format": "json"}).status_code == 200
    assert client.get("/api/v1/schema", {"format": "json"}).status_code == 200


def test_a_body_in_another_media_type_is_a_documented_415(openapi_document, officer_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=officer_a, name='test')[1]}")
    response = client.post("/api/v1/locations", "name=x", content_type="text/plain")
    assert response.status_code == 415 and response["Content-Type"] == PROBLEM
    with_body = [
        (path, method, operation)
        for path, method, operation in operations(openapi_document)
        if "requestBody" in operation
    ]
    assert len(with_body) >= 15
    for path, method, operation in with_body:
        assert PROBLEM in operation["responses"].get("415", {}).get("content", {}), f"{method.upper()} {path}"


def test_conditional_writes_document_412_and_428(openapi_document):
    """Replacing or changing an object names the version it read (If-Match): a stale one is 412, none is 428."""
    edits = [
        (path, method, operation)
        for path, method, operation in operations(openapi_document)
        if method in ("put", "patch", "delete")
    ]
    assert len(edits) >= 5
    for path, method, operation in edits:
        for status in ("412", "428"):
            assert PROBLEM in operation["responses"].get(status, {}).get("content", {}), f"{method.upper()} {path}"
