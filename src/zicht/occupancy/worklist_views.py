"""The registration officer's work list: persons who should be BRP-registered and are not (DOMAIN §4.2).

Person-level data: only the registration officer of the municipality opens it (403 for everyone else), and every
page view and download records one audit READ per person shown, with the filters that were applied.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.audit import record_person_data_read
from zicht.core.exports import EXPORT_FORMATS, export_response
from zicht.core.roles import Role
from zicht.core.scopes import may_see_person_data, scope_of, scoped_person_data
from zicht.geography.models import Neighbourhood
from zicht.housing.models import Location

from . import indicators
from .forms import DateInput
from .gap import GapRow, RegistrationGap, covering_q
from .models import Person, ResidenceEpisode

PAGE_SIZE = 25
HEX = re.compile(r"^[0-9a-f]*$")


class WorklistFilterForm(forms.Form):
    """Search by the start of a pseudonym; narrow to one location or neighbourhood; the date of the list."""

    zoek = forms.CharField(label=gettext_lazy("Pseudoniem begint met"), required=False, max_length=64)
    locatie = forms.ModelChoiceField(label=gettext_lazy("Locatie"), queryset=Location.objects.none(), required=False)
    buurt = forms.ModelChoiceField(label=gettext_lazy("Buurt"), queryset=Neighbourhood.objects.none(), required=False)
    datum = forms.DateField(label=gettext_lazy("Peildatum"), required=False, widget=DateInput)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locatie"].queryset = Location.objects.filter(municipality_id=municipality_id).order_by("name")
        self.fields["buurt"].queryset = Neighbourhood.objects.filter(municipality_id=municipality_id).order_by("name")

    def clean_zoek(self) -> str:
        value = self.cleaned_data["zoek"].strip().lower()
        if not HEX.match(value):
            raise forms.ValidationError(_("Een pseudoniem bestaat alleen uit de cijfers 0-9 en de letters a-f."))
        return value

    def applied(self) -> str:
        """The filters in effect, for the audit entry (never more than the officer typed)."""
        if not self.is_bound or not self.is_valid():
            return ""
        parts = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            parts.append(f"{name}={getattr(value, 'ref', None) or getattr(value, 'code', None) or value}")
        return " ".join(parts)


def _municipality_of_officer(user) -> int:
    """The municipality whose work list `user` may open; PermissionDenied for anyone but its registration officer."""
    municipality_id = scope_of(user).municipality_id
    if user.role != Role.REGISTRATION_OFFICER or not may_see_person_data(user, municipality_id):
        raise PermissionDenied
    return municipality_id


def worklist(user, municipality_id: int, form: WorklistFilterForm) -> RegistrationGap:
    """The gap of the officer's municipality on the chosen date, narrowed by the valid filters (lazy, pageable)."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    on = data.get("datum") or timezone.localdate()
    gap = indicators.registration_gap(municipality_id, on)
    # The one person-data scope check: only persons living, on `on`, in the user's own municipality.
    here = scoped_person_data(ResidenceEpisode.objects.filter(covering_q(on), person=OuterRef("pk")), user)
    persons = gap.persons.filter(Exists(here))
    if data.get("zoek"):
        persons = persons.filter(pseudonym__startswith=data["zoek"])
    if data.get("locatie"):
        persons = persons.filter(Exists(here.filter(location=data["locatie"])))
    if data.get("buurt"):
        persons = persons.filter(Exists(here.filter(neighbourhood=data["buurt"])))
    gap.persons = persons
    return gap


def _audit(request, rows: list[GapRow], municipality_id: int, form: WorklistFilterForm, what: str) -> None:
    """One READ per person shown; the Person rows are rebuilt from the gap rows, no extra query."""
    applied = form.applied()
    record_person_data_read(
        actor=request.user,
        request=request,
        objects=[Person(pk=row.person_id, pseudonym=row.pseudonym) for row in rows],
        object_type=Person._meta.label_lower,
        municipality_id=municipality_id,
        detail=f"{what}; {applied}" if applied else what,
    )


@login_required
def registration_gap(request):
    municipality_id = _municipality_of_officer(request.user)
    form = WorklistFilterForm(request.GET or None, municipality_id=municipality_id)
    gap = worklist(request.user, municipality_id, form)
    fmt = request.GET.get("export")
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise BadRequest(_("Onbekend exportformaat."))
        rows = list(gap)
        _audit(request, rows, municipality_id, form, f"werklijst inschrijfplicht, download {fmt}")
        columns = [
            (_("Pseudoniem"), lambda row: row.pseudonym),
            (_("Locatie (kenmerk)"), lambda row: row.location_ref),
            (_("Locatie"), lambda row: row.location_name),
            (_("Dagen aanwezig (laatste 183)"), lambda row: row.days_present),
            (_("Inschrijfplicht vanaf"), lambda row: row.obligation_date),
        ]
        return export_response(rows, columns, "werklijst-inschrijfplicht", fmt)
    page = Paginator(gap, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _audit(request, rows, municipality_id, form, f"werklijst inschrijfplicht, pagina {page.number}")
    context = {"form": form, "page_obj": page, "rows": rows, "row_count": page.paginator.count, "on": gap.on}
    return render(request, "occupancy/worklist.html", context)
