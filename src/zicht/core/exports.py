"""CSV and Excel downloads of list pages, and the filtered, paged list view that offers them.

A list page and its download show the same rows: the view's FilterSet narrows one queryset, the page shows 25 rows
of it, `?export=csv` or `?export=xlsx` streams all of them.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest, ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import ListView

from . import audit
from .models import AuditAction

Column = tuple[str | Promise, Callable[[Any], Any]]

CSV = "csv"
XLSX = "xlsx"
EXPORT_FORMATS = (CSV, XLSX)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CHUNK_SIZE = 500


def _plain(value: Any) -> Any:
    """A cell value: text, number or date; lists become one comma-separated text."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return str(value)


def _csv_cell(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)  # numbers: a negative number is not a formula
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterable[str]:
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    # The byte order mark makes Excel read the file as UTF-8 instead of the local code page.
    yield "\ufeff" + writer.writerow([str(header) for header, _getter in columns])
    for row in rows:
        yield writer.writerow([_csv_cell(getter(row)) for _header, getter in columns])


def _xlsx_bytes(rows: Iterable[Any], columns: Sequence[Column], title: str) -> bytes:
    # openpyxl is imported here, where a workbook is made: it takes a third of a second to import, which every
    # `zicht` command and every worker start would otherwise pay.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")

    def cell(value: Any) -> WriteOnlyCell:
        value = _plain(value)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        written = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            written.data_type = "s"  # never let openpyxl turn "=..." into a formula
        return written

    sheet.append([cell(str(header)) for header, _getter in columns])
    for row in rows:
        sheet.append([cell(getter(row)) for _header, getter in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    rows_iterable: Iterable[Any], columns: Sequence[Column], filename: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """A download of `rows_iterable` with one column per (header, getter): streaming CSV or an Excel workbook."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    stem = f"{filename}-{timezone.localdate():%Y-%m-%d}"
    if fmt == CSV:
        response = StreamingHttpResponse(_csv_lines(rows_iterable, columns), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_xlsx_bytes(rows_iterable, columns, filename), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{stem}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


class ExportableListView(LoginRequiredMixin, ListView):
    """A filtered list, 25 rows a page, that also downloads all its filtered rows with `?export=csv|xlsx`."""

    filterset_class: type
    paginate_by = 25
    export_columns: Sequence[Column] = ()
    export_filename = "export"
    # What a download holds, for the audit log: a model label such as "housing.location". Every download is
    # audited; the subject defaults to the model of the view's rows.
    export_subject = ""
    # Filters the API offers but the page's filter bar leaves out.
    hidden_filters: Sequence[str] = ()

    def get_base_queryset(self) -> QuerySet:
        """The rows the user may see, before filtering: every subclass returns a scoped queryset."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_base_queryset() returning scoped rows.")

    def get_queryset(self) -> QuerySet:
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.get_base_queryset(), request=self.request
        )
        for name in self.hidden_filters:
            self.filterset.form.fields.pop(name, None)
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt is None:
            return super().get(request, *args, **kwargs)
        if fmt not in EXPORT_FORMATS:
            raise BadRequest(_("Onbekend exportformaat."))
        rows = self.get_queryset()
        self.exported(rows, fmt)
        return export_response(
            rows.iterator(chunk_size=EXPORT_CHUNK_SIZE), self.export_columns, self.export_filename, fmt
        )

    def exported(self, rows: QuerySet, fmt: str) -> None:
        """Write the audit row of a download: who, what (the export subject), how many rows, which filters."""
        filters = active_filters(self.filterset)
        audit.record(
            actor=self.request.user,
            action=AuditAction.EXPORT,
            object_type=self.export_subject or rows.model._meta.label_lower,
            request=self.request,
            detail=f"{fmt}, {rows.count()} rows" + (f", {filters}" if filters else ""),
        )

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range shows the last page rather than an error page.
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["filter_form"] = self.filterset.form
        context["export_formats"] = EXPORT_FORMATS
        return context


def active_filters(filterset) -> str:
    """The filters actually applied, as `name=value` pairs for an audit entry."""
    if not filterset.is_bound:
        return ""
    filterset.form.is_valid()  # fields that failed validation were not applied, so they are not listed
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        shown = getattr(value, "code", None) or getattr(value, "slug", None) or value
        parts.append(f"{name}={shown}")
    return " ".join(parts)
