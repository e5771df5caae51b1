"""Forms of the block registration pages: the agency's request, a registration on location, the municipality's
steps, and the list's filters (shared with the API)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zicht.geography.models import Municipality
from zicht.housing.models import Location
from zicht.parties.models import Organisation

from .block_permissions import REQUESTING_KINDS
from .block_services import GROUP_SIZE_ERROR, MIN_GROUP_SIZE
from .choices import BlockRegistrationStatus
from .models import BlockRegistration


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _group_size_field() -> forms.IntegerField:
    # No min_value: the form's own message explains the rule better than "at least 21".
    return forms.IntegerField(label=_("Aantal personen"), help_text=_("Meer dan 20 personen."))


def _clean_group_size(value: int) -> int:
    if value < MIN_GROUP_SIZE:
        raise forms.ValidationError(GROUP_SIZE_ERROR)
    return value


class BlockRequestForm(forms.Form):
    """An agency's request: where, for how many, and up to three dates that suit the group."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Kies een gemeente"),
    )
    location = forms.ModelChoiceField(
        label=_("Locatie"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Geen locatie"),
        help_text=_("Optioneel: de locatie van uw organisatie waar de groep woont."),
    )
    group_size = _group_size_field()
    place = forms.CharField(
        label=_("Plaats van de sessie"), max_length=200, help_text=_("Bijvoorbeeld het stadhuis of de locatie.")
    )
    proposed_date_1 = forms.DateField(label=_("Voorgestelde datum 1"), widget=DateInput())
    proposed_date_2 = forms.DateField(label=_("Voorgestelde datum 2"), widget=DateInput(), required=False)
    proposed_date_3 = forms.DateField(label=_("Voorgestelde datum 3"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld de voorkeur voor een avond. Noem geen namen of gegevens van personen."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        own = Q(operator=organisation) | Q(owner=organisation) | Q(registered_by=organisation)
        self.fields["location"].queryset = (
            Location.objects.filter(own).select_related("municipality").order_by("municipality__name", "name")
        )

    def clean_group_size(self) -> int:
        return _clean_group_size(self.cleaned_data["group_size"])

    def request_data(self) -> dict:
        data = self.cleaned_data
        dates = [data.get(f"proposed_date_{n}") for n in (1, 2, 3)]
        return {
            "municipality": data["municipality"],
            "location": data.get("location"),
            "group_size": data["group_size"],
            "place": data["place"],
            "proposed_dates": [value for value in dates if value is not None],
            "note": data.get("note", ""),
        }


class OnLocationForm(forms.Form):
    """A registration made on location during an inspection, recorded by the municipality."""

    agency = forms.ModelChoiceField(
        label=_("Uitzendbureau of huisvester"),
        queryset=Organisation.objects.filter(kind__in=REQUESTING_KINDS).order_by("name"),
        empty_label=_("Kies een organisatie"),
    )
    location = forms.ModelChoiceField(
        label=_("Locatie"), queryset=Location.objects.none(), required=False, empty_label=_("Geen locatie")
    )
    group_size = forms.IntegerField(label=_("Aantal aangetroffen personen"), min_value=1)
    planned_at = forms.DateTimeField(label=_("Datum en tijd"), widget=DateTimeInput())
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False, help_text=_("Leeg: de locatie."))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(municipality_id=municipality_id).order_by("name")


class PlanForm(forms.Form):
    planned_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=DateTimeInput(),
        help_text=_("Ook buiten kantoortijden, bijvoorbeeld 's avonds."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(forms.Form):
    registered_count = forms.IntegerField(label=_("Aantal ingeschreven personen"), min_value=0)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _block_municipalities(request) -> QuerySet:
    from .block_selectors import block_registrations_visible_to

    visible = block_registrations_visible_to(getattr(request, "user", None)).values("municipality_id")
    return Municipality.objects.filter(pk__in=visible).order_by("name")


class BlockRegistrationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=BlockRegistrationStatus.choices, empty_label=_("Alle statussen")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=_block_municipalities, to_field_name="code", empty_label=_("Alle gemeenten")
    )
    on_location = django_filters.BooleanFilter(label=_("Op locatie"))

    class Meta:
        model = BlockRegistration
        fields = ["status", "municipality", "on_location"]
