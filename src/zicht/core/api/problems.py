"""Errors as application/problem+json (RFC 9457), for DRF views and for plain Django views under /api/."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """Documentation only: an RFC 9457 problem document."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    code = serializers.CharField(required=False)
    invalid_params = InvalidParamSerializer(many=True, required=False)

    class Meta:
        ref_name = "Problem"


def problems(*statuses: int) -> dict:
    """`extend_schema(responses=...)` entries for problem responses beyond the common ones the schema adds itself."""
    return {(code, PROBLEM_CONTENT_TYPE): ProblemSerializer for code in statuses}


def service_error_detail(
    exc: DjangoValidationError,
    *,
    names: Mapping[str, str] | None = None,
    groups: Mapping[str, Collection[str]] | None = None,
) -> dict:
    """A service's ValidationError as DRF error detail, under the names the API uses for the fields."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    renamed = {NON_FIELD_ERRORS: "non_field_errors", **(names or {})}
    detail: dict = {}
    for name, messages in exc.message_dict.items():
        group = next((key for key, members in (groups or {}).items() if name in members), None)
        if group is not None:
            detail.setdefault(group, {})[name] = messages
        else:
            detail[renamed.get(name, name)] = messages
    return detail


@contextmanager
def service_errors(
    field: str | None = None,
    *,
    names: Mapping[str, str] | None = None,
    groups: Mapping[str, Collection[str]] | None = None,
) -> Iterator[None]:
    """A service's ValidationError as a 400 problem with invalid_params (nested under `field` when given).

    `names` renames service field names to API names; `groups` nests some fields under one (the parts of an address).
    A PermissionDenied or Http404 from a service needs no translation: the exception handler answers 403 or 404.
    """
    try:
        yield
    except DjangoValidationError as exc:
        detail = service_error_detail(exc, names=names, groups=groups)
        raise serializers.ValidationError({field: detail} if field else detail) from exc


def problem_body(status: int, *, detail: str = "", instance: str = "", code: str = "", **extra) -> dict:
    title = HTTPStatus(status).phrase
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if code:
        body["code"] = code
    body.update(extra)
    return body


def _invalid_params(data, prefix: str = "") -> list[dict]:
    """Flatten DRF's nested validation errors into RFC 9457 style invalid-params."""
    params: list[dict] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(data, list):
        if data and all(not isinstance(item, dict | list) for item in data):
            for item in data:
                params.append(
                    {
                        "name": prefix or "non_field_errors",
                        "reason": str(item),
                        "code": getattr(item, "code", "invalid"),
                    }
                )
        else:
            for index, item in enumerate(data):
                params.extend(_invalid_params(item, f"{prefix}[{index}]"))
    else:
        params.append(
            {"name": prefix or "non_field_errors", "reason": str(data), "code": getattr(data, "code", "invalid")}
        )
    return params


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        body = problem_body(
            response.status_code,
            detail=_("De invoer is ongeldig."),
            instance=instance,
            code="invalid",
            invalid_params=_invalid_params(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else ""
        body = problem_body(
            response.status_code, detail=str(detail), instance=instance, code=code if isinstance(code, str) else ""
        )
    problem = Response(body, status=response.status_code, headers=dict(response.items()))
    problem.content_type = PROBLEM_CONTENT_TYPE
    return problem


def problem_response(request, status: int, detail: str = "") -> JsonResponse:
    """A problem+json response for plain Django views (404/500 handlers under /api/)."""
    return JsonResponse(
        problem_body(status, detail=detail, instance=request.get_full_path()),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
