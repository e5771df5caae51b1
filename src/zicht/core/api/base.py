"""The base of every scoped API view: rows from a selector that applies the caller's scope, one object by its key
(404 outside the scope), service errors as problems, the audit of person-level data shown to the caller, and writes
that answer only what they committed."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework.permissions import SAFE_METHODS

from ..audit import record_person_data_read
from .problems import service_errors


class CommittedAnswerMixin:
    """For a DRF view that writes: the answer is complete before the write commits, so no error follows a commit.

    A create that stored its object and then failed while making its answer (a serializer, an audit row, a header a
    WSGI server refuses) would tell the client "error" about a write that happened, and a client that retries would
    store it twice. So a write method runs in one transaction with the making of its answer: the view, the exception
    handler (which marks the transaction for rollback on an error answer) and the rendering of the body. Header
    values become plain `str`: a WSGI server refuses anything else (a DRF `Hyperlink`) with a 500 of its own.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in list(response.items()):
            if type(value) is not str:
                response[name] = str(value)
        return response


class ScopedAPIMixin(CommittedAnswerMixin):
    """For a DRF view or viewset: `visible_to(user)` gives the rows the caller may see; subclasses narrow it further.

    `visible_to` is a selector such as `location_list_visible_to`, declared with `staticmethod(...)`. A view that
    shows person-level data sets `read_audit_detail` and calls `audit_read()` with what it showed.
    """

    visible_to: ClassVar[Callable[..., QuerySet] | None] = None
    # How the API names the fields a service reports errors on, and which fields it nests under one (an address).
    service_error_names: ClassVar[Mapping[str, str]] = {}
    service_error_groups: ClassVar[Mapping[str, Collection[str]]] = {}
    read_audit_detail: ClassVar[str] = ""

    def get_queryset(self) -> QuerySet:
        if self.visible_to is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must declare visible_to, the scoped selector.")
        return self.visible_to(self.request.user)

    def get_object(self) -> Model:
        # Not filter_queryset(): list filters in the query string must not hide the one object asked for.
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: self.kwargs[lookup_url_kwarg]})
        self.check_object_permissions(self.request, obj)
        return obj

    def service_errors(self, field: str | None = None) -> AbstractContextManager[None]:
        """A service's ValidationError as a 400 problem, under this API's field names."""
        return service_errors(field, names=self.service_error_names, groups=self.service_error_groups)

    def audit_read(self, objects: Iterable[Model], *, municipality_id: int | None = None) -> int:
        """Log the read of the person-level data in `objects` by the caller; returns how many were logged."""
        if not self.read_audit_detail:
            raise ImproperlyConfigured(f"{type(self).__name__} audits reads but declares no read_audit_detail.")
        return record_person_data_read(
            actor=self.request.user,
            request=self.request,
            objects=objects,
            municipality_id=municipality_id,
            detail=self.read_audit_detail,
        )
