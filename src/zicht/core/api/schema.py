"""The OpenAPI schema: every operation documents the problem responses any endpoint of its kind can give.

Views declare only their own responses (a 201, a 422 with a rejected file); the common errors follow from what the
operation takes and who may call it, so no view repeats them and none can forget one.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from .problems import PROBLEM_CONTENT_TYPE, ProblemSerializer

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
COMMON_ERRORS = {
    400: "The input is invalid; `invalid_params` names each field and the reason.",
    401: "No valid token or session.",
    403: "The caller's role or scope does not allow this.",
    404: "No such object, or it lies outside the caller's scope.",
    429: "Too many requests from this client; `Retry-After` says when to try again.",
}


def common_error_statuses(operation: dict, *, method: str, authenticated: bool, throttled: bool) -> list[int]:
    """The problem statuses an operation can answer whatever its view does.

    400 for input (a body or query parameters), 401 and 403 where a caller must authenticate and may be refused,
    404 for a path that names an object, 429 where a throttle applies to the caller.
    """
    parameters = operation.get("parameters", [])
    statuses = []
    takes_body = method.upper() in WRITE_METHODS or "requestBody" in operation
    if takes_body or any(parameter["in"] == "query" for parameter in parameters):
        statuses.append(400)
    if authenticated:
        statuses += [401, 403]
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.append(404)
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
            operation, method=method, authenticated=self._requires_authentication(), throttled=self._is_throttled()
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

    def _requires_authentication(self) -> bool:
        return not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())

    def _is_throttled(self) -> bool:
        # An anonymous-rate throttle never reaches an authenticated caller, and only they get past a login.
        throttles = self.view.get_throttles()
        if self._requires_authentication():
            return any(not isinstance(throttle, AnonRateThrottle) for throttle in throttles)
        return bool(throttles)
