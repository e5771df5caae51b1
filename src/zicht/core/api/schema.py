"""The OpenAPI schema: every operation documents the problem responses any endpoint of its kind can give.

Views declare only their own responses (a 201, a 422 with a rejected file); the common errors follow from what the
operation takes and who may call it, so no view repeats them and none can forget one.

The schemas say what the answers hold, as strictly as OpenAPI 3.0.3 reads them (`postprocess_values_as_sent`):
a value that can be blank or null is documented so.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from .problems import PROBLEM_CONTENT_TYPE, ProblemSerializer

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
CONDITIONAL_METHODS = frozenset({"PUT", "PATCH", "DELETE"})
COMMON_ERRORS = {
    400: "The input is invalid; `invalid_params` names each field and the reason.",
    401: "No valid token or session.",
    403: "The caller's role or scope does not allow this.",
    404: "No such object, or it lies outside the caller's scope; for a paged list, a page past the last.",
    412: "`If-Match` names a version of the object that is no longer current: read it again.",
    415: "The body is not in a media type this operation takes (see its request body).",
    428: "A write to an existing object must say which version it read, in `If-Match`.",
    429: "Too many requests from this client; `Retry-After` says when to try again.",
}


def common_error_statuses(
    operation: dict, *, method: str, authenticated: bool, throttled: bool, paged: bool = False
) -> list[int]:
    """The problem statuses an operation can answer whatever its view does.

    400 for input (a body or query parameters), 401 and 403 where a caller must authenticate and may be refused,
    404 for a path that names an object and for a page past the end of a paged list, 412 and 428 for a write to an
    existing object (If-Match), 415 for a body in a media type the operation does not take, 429 where a throttle
    applies to the caller.
    """
    parameters = operation.get("parameters", [])
    statuses = []
    takes_body = method.upper() in WRITE_METHODS or "requestBody" in operation
    if takes_body or any(parameter["in"] == "query" for parameter in parameters):
        statuses.append(400)
    if authenticated:
        statuses += [401, 403]
    if paged or any(parameter["in"] == "path" for parameter in parameters):
        statuses.append(404)
    if method.upper() in CONDITIONAL_METHODS:
        statuses += [412, 428]
    if "requestBody" in operation:
        statuses.append(415)
    if throttled:
        statuses.append(429)
    return statuses


class ProblemAutoSchema(AutoSchema):
    """drf-spectacular's schema with the common problem+json responses added to every operation."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        statuses = common_error_statuses(
            operation,
            method=method,
            authenticated=self._requires_authentication(),
            throttled=self._is_throttled(),
            paged=method.upper() == "GET" and self._is_list_view() and self._get_paginator() is not None,
        )
        responses = operation["responses"]
        for status in statuses:
            code = str(status)
            problem = self._get_response_for_code(
                OpenApiResponse(ProblemSerializer, description=COMMON_ERRORS[status]), code, [PROBLEM_CONTENT_TYPE]
            )
            if code not in responses:
                responses[code] = problem
            else:
                content = responses[code].setdefault("content", {})
                content.setdefault(PROBLEM_CONTENT_TYPE, problem["content"][PROBLEM_CONTENT_TYPE])
                responses[code]["description"] = responses[code].get("description") or problem["description"]
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        return super()._map_serializer_field(_blank_as_the_model_allows(field), direction, bypass_extensions)

    def _requires_authentication(self) -> bool:
        return not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())

    def _is_throttled(self) -> bool:
        # An anonymous-rate throttle never reaches an authenticated caller, and only they get past a login.
        throttles = self.view.get_throttles()
        if self._requires_authentication():
            return any(not isinstance(throttle, AnonRateThrottle) for throttle in throttles)
        return bool(throttles)


def _blank_as_the_model_allows(field):
    """A read-only choice of a ModelSerializer that the model lets be blank, with "" among its documented values.

    DRF leaves `allow_blank` off a read-only model field (it only matters for input), so drf-spectacular would
    document the choices alone while the answers send "" (a location without a certificate scheme).
    """
    if not isinstance(field, serializers.ChoiceField) or not field.read_only or field.allow_blank:
        return field
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return field
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return field
    if not (model_field.blank and isinstance(model_field, models.CharField | models.TextField)):
        return field
    blank = copy.copy(field)
    blank.allow_blank = True
    return blank


BLANK_ALTERNATIVE = {"type": "string", "maxLength": 0}
NULL_ALTERNATIVE = {"enum": [None]}
# Keywords that describe a property rather than constrain its value: they stay beside an `anyOf`.
ANNOTATIONS = frozenset({"title", "description", "readOnly", "writeOnly", "deprecated", "default", "example"})


def postprocess_values_as_sent(result: dict, generator, **kwargs) -> dict:
    """drf-spectacular's hook after the enum hook: the document as strict OpenAPI 3.0.3 validators read it.

    - A blank alternative beside a pattern that already allows "" (`house_letter`) was a `oneOf` that both matched,
      which `oneOf` refuses: one of them must match, and only one. Either may match: `anyOf`.
    - `nullable: true` only adds null to the `type` beside it (OpenAPI 3.0.3, 4.7.25); a nullable `allOf` of a
      reference (an address, an organisation) has none, so a strict validator refused the null that answers send.
      It becomes an `anyOf` of the value and null.
    """
    _walk(result.get("components", {}).get("schemas", {}))
    _walk(result.get("paths", {}))
    return result


def _walk(node: Any) -> None:
    if isinstance(node, dict):
        _loosen_blank_alternative(node)
        _null_as_an_alternative(node)
        for value in node.values():
            _walk(value)
    elif isinstance(node, list):
        for value in node:
            _walk(value)


def _loosen_blank_alternative(schema: dict) -> None:
    alternatives = schema.get("oneOf")
    if isinstance(alternatives, list) and len(alternatives) == 2 and alternatives[1] == BLANK_ALTERNATIVE:
        schema["anyOf"] = schema.pop("oneOf")


def _null_as_an_alternative(schema: dict) -> None:
    if schema.get("nullable") is not True or "type" in schema:
        return
    del schema["nullable"]
    value = {key: schema.pop(key) for key in list(schema) if key not in ANNOTATIONS}
    schema["anyOf"] = [value, NULL_ALTERNATIVE]
