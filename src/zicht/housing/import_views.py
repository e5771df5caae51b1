"""The upload page of the location import: the same all-or-nothing import as `zicht import locations`.

A municipal officer imports only locations of their own municipality; an administrator any. The last failed
import's errors stay in the session so they can be downloaded as CSV without uploading the file again.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.error_files import error_file_response
from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of, visible_municipalities
from zicht.core.tabular import ImportRejected, UnreadableFile

from .importers import COLUMNS, import_locations
from .permissions import is_market_party

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_SUFFIXES = {".csv", ".xlsx"}
SESSION_KEY = "housing.location_import_errors"
EXAMPLE_ROW = {
    "ref": "LOC-VOORBEELD-1",
    "name": "Logies De Linde",
    "postcode": "7411 AB",
    "house_number": "12",
    "house_number_addition": "A",
    "lat": "52.2551",
    "lon": "6.1639",
    "form": "holiday_park",
    "stay_type": "mid",
    "status": "in_use",
    "capacity_beds": "24",
    "bedrooms": "12",
    "floor_area_m2": "380.5",
    "toilets": "4",
    "showers": "4",
    "operator_kvk": "",
}


class LocationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV of XLSX, ten hoogste 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(_("Kies een CSV- of XLSX-bestand."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is %(size)s MB; de grens is %(max)d MB. Splits het in kleinere bestanden.")
                # Rounded up, so a file just over the limit does not read as exactly the limit.
                % {
                    "size": number_format(math.ceil(upload.size * 10 / 1024 / 1024) / 10, 1),
                    "max": MAX_UPLOAD_BYTES // 1024 // 1024,
                }
            )
        return upload


def _check_may_import(user) -> None:
    """The municipal register roles and administrators import; a market party registers initiatives one by one."""
    if not user.has_perm("housing.add_location") or is_market_party(user):
        raise PermissionDenied


def allowed_municipality_ids(user) -> set[int] | None:
    """The municipalities whose locations `user` may import; None means any (administrators)."""
    if scope_of(user).kind == ScopeKind.INSTALLATION:
        return None
    return set(visible_municipalities(user).values_list("pk", flat=True))


def _column_help() -> list[tuple[str, str]]:
    forms_, stays, statuses = (
        "business_park, employer_premises, converted_office, holiday_park, large_scale, regular_dwelling, hotel",
        "short, mid, long",
        "initiative, permit_requested, permitted, in_use, closed",
    )
    return [
        ("ref", _("Uw eigen kenmerk (ten hoogste 64 tekens). Dezelfde referentie opnieuw importeren werkt bij.")),
        ("name", _("Naam van de locatie (verplicht).")),
        ("municipality", _("CBS-gemeentecode, zoals GM0150 (verplicht).")),
        ("postcode, house_number, house_number_addition", _("Adres: postcode en huisnummer samen, of geen van beide.")),
        ("lat, lon", _("Coördinaten in decimale graden (WGS84), allebei of geen van beide; leeg: die van het adres.")),
        ("form", _("Vorm: %(values)s.") % {"values": forms_}),
        ("stay_type", _("Verblijfsduur: %(values)s.") % {"values": stays}),
        ("status", _("Status: %(values)s.") % {"values": statuses}),
        ("capacity_beds", _("Aantal bedden (verplicht, 0 of meer).")),
        ("bedrooms, floor_area_m2, toilets, showers", _("Slaapkamers, woonoppervlak in m², toiletten, douches.")),
        ("operator_kvk", _("KvK-nummer (8 cijfers) van de exploitant; de organisatie moet in Zicht bekend zijn.")),
    ]


def _context(**extra) -> dict:
    return {"columns": COLUMNS, "column_help": _column_help(), **extra}


@login_required
def location_import(request):
    _check_may_import(request.user)
    if request.method != "POST":
        return render(request, "housing/location_import.html", _context(form=LocationImportForm()))
    form = LocationImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "housing/location_import.html", _context(form=form))
    upload = form.cleaned_data["file"]
    try:
        report = import_locations(
            upload.name,
            data=upload.read(),
            actor=request.user,
            allowed_municipality_ids=allowed_municipality_ids(request.user),
        )
    except UnreadableFile as exc:
        form.add_error("file", _("Het bestand is niet te lezen: %(reason)s") % {"reason": exc})
        return render(request, "housing/location_import.html", _context(form=form))
    except ImportRejected as exc:
        errors = exc.report.errors
        request.session[SESSION_KEY] = {
            "source": upload.name,
            "errors": [[error.row, error.field, error.reason] for error in errors],
        }
        context = _context(form=LocationImportForm(), errors=errors, source=upload.name)
        return render(request, "housing/location_import.html", context)
    request.session.pop(SESSION_KEY, None)
    context = _context(form=LocationImportForm(), report=report, source=upload.name)
    return render(request, "housing/location_import.html", context)


@login_required
def location_import_errors(request):
    """The errors of the user's last rejected import, as CSV."""
    _check_may_import(request.user)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise Http404
    filename = f"locaties-importfouten-{timezone.localdate():%Y-%m-%d}.csv"
    return error_file_response(stored["errors"], filename=filename)


@login_required
def location_import_template(request):
    """An example file: the exact header and one example row (in the user's own municipality when they have one)."""
    _check_may_import(request.user)
    municipality = visible_municipalities(request.user).first() if allowed_municipality_ids(request.user) else None
    row = {**EXAMPLE_ROW, "municipality": municipality.code if municipality else "GM0150"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([row[column] for column in COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename="locaties-sjabloon.csv")
    return response
