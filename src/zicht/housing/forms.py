"""Forms of the housing register pages. They validate what was typed; the services decide and write."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.scopes import visible_municipalities
from zicht.geography.models import Municipality, Neighbourhood
from zicht.geography.validators import normalise_postcode
from zicht.parties import selectors as party_selectors
from zicht.parties.choices import OrganisationKind

from . import workflow
from .choices import LocationStatus, ReviewDecision
from .models import Location, Unit
from .permissions import is_market_party
from .services import UNIT_TOTALS

ISO_DATE = "%Y-%m-%d"
COORDINATE_STEP = Decimal("0.000001")
# Fields the municipality decides; a market party's form leaves them out (the service would drop them anyway).
MUNICIPAL_ONLY = ("status", "status_since", "norm_set")
# Figures that follow the units once a location has any.
FOLLOW_UNITS = ("capacity_beds", *UNIT_TOTALS)

FIELDSETS = (
    (
        _("Algemeen"),
        ("name", "ref", "form", "stay_type", "status", "status_since", "in_use_since", "expected_delivery", "notes"),
    ),
    (
        _("Adres en ligging"),
        ("municipality", "neighbourhood", "postcode", "house_number", "addition", "lat", "lon"),
    ),
    (_("Partijen"), ("operator", "owner")),
    (
        _("Vergunning en certificaat"),
        (
            "permit_reference",
            "permit_granted_on",
            "permit_valid_until",
            "certificate_scheme",
            "certificate_number",
            "certificate_valid_until",
            "norm_set",
        ),
    ),
    (
        _("Voorzieningen en oppervlak"),
        (
            "capacity_beds",
            "floor_area_m2",
            "bedrooms",
            "bedroom_area_m2",
            "toilets",
            "showers",
            "cooking_points",
            "fridge_litres",
            "two_per_bedroom_agreed",
        ),
    ),
)


def _service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError at the fields it names, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    aliases = getattr(form, "error_aliases", {})
    for field, messages in error.message_dict.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


def _organisations(user):
    # Housing providers first: they are who operate and own locations.
    providers_first = Case(
        When(kind=OrganisationKind.HOUSING_PROVIDER, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        party_selectors.organisation_list_visible_to(user)
        .select_related(None)
        .prefetch_related(None)
        .order_by(providers_first, "name", "pk")
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class CoordinateField(forms.DecimalField):
    """A latitude or longitude: a comma or a point, rounded to the six decimals the register keeps."""

    def __init__(self, **kwargs):
        super().__init__(required=False, localize=True, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else value.quantize(COORDINATE_STEP, rounding=ROUND_HALF_UP)


class LocationForm(forms.ModelForm):
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10, help_text=_("Bijvoorbeeld 7411 AB"))
    house_number = forms.IntegerField(label=_("Huisnummer"), required=False, min_value=1, max_value=99999)
    addition = forms.CharField(label=_("Toevoeging"), required=False, max_length=4)

    fieldsets = FIELDSETS
    # The address is typed as postcode and number, so a service's complaint about it belongs there.
    error_aliases = {"address": "postcode"}

    class Meta:
        model = Location
        fields = [
            name
            for _legend, names in FIELDSETS
            for name in names
            if name not in ("postcode", "house_number", "addition")
        ]
        field_classes = {"operator": OrganisationChoiceField, "owner": OrganisationChoiceField}
        widgets = {
            "status_since": DateInput,
            "in_use_since": DateInput,
            "expected_delivery": DateInput,
            "permit_granted_on": DateInput,
            "permit_valid_until": DateInput,
            "certificate_valid_until": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.market_party = is_market_party(user)
        creating = self.instance.pk is None
        for name in ("lat", "lon"):
            model_field = Location._meta.get_field(name)
            self.fields[name] = CoordinateField(label=model_field.verbose_name.capitalize())
        self.fields["lat"].help_text = _("WGS84, bijvoorbeeld 52,2551")
        self.fields["lon"].help_text = _("WGS84, bijvoorbeeld 6,1639")
        self.fields["ref"].required = False
        self.fields["ref"].help_text = _("Leeg laten: Zicht geeft een referentie.") if creating else ""
        municipalities = Municipality.objects.order_by("name") if self.market_party else visible_municipalities(user)
        self.fields["municipality"].queryset = municipalities
        self.fields["neighbourhood"] = NeighbourhoodChoiceField(
            label=_("Buurt"),
            required=False,
            queryset=Neighbourhood.objects.filter(municipality__in=municipalities)
            .select_related("municipality")
            .order_by("municipality__name", "name"),
        )
        for name in ("operator", "owner"):
            self.fields[name].queryset = _organisations(user)
        if self.market_party:
            for name in MUNICIPAL_ONLY:
                self.fields.pop(name)
            if creating and user.organisation_id:
                self.initial.setdefault("operator", user.organisation_id)
        elif not creating:
            # A registered location changes status through the status page, which keeps to the lifecycle.
            self.fields.pop("status")
            self.fields.pop("status_since")
        else:
            self.fields["status_since"].required = False
            self.fields["status_since"].help_text = _("Leeg laten: vandaag.")
        if not creating and self.instance.units.exists():
            for name in FOLLOW_UNITS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Volgt uit de units van deze locatie.")
        if not creating and self.instance.address_id:
            address = self.instance.address
            self.initial.setdefault("postcode", address.postcode)
            self.initial.setdefault("house_number", address.house_number)
            self.initial.setdefault("addition", f"{address.house_letter}{address.addition}")

    def visible_fieldsets(self) -> list[tuple[str, list]]:
        """The fieldsets with the bound fields this user's form has."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.fieldsets
            if any(name in self.fields for name in names)
        ]

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise ValidationError(_("Een postcode is 4 cijfers en 2 letters, zoals 7411 AB."), code="postcode")
        return postcode

    def clean_addition(self) -> str:
        return self.cleaned_data["addition"].strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        postcode, number = cleaned.get("postcode"), cleaned.get("house_number")
        if postcode and not number and "house_number" not in self.errors:
            self.add_error("house_number", _("Vul bij een postcode ook het huisnummer in."))
        if number and not postcode and "postcode" not in self.errors:
            self.add_error("postcode", _("Vul bij een huisnummer ook de postcode in."))
        if cleaned.get("addition") and not (postcode and number):
            self.add_error("addition", _("Een toevoeging hoort bij een postcode en huisnummer."))
        return cleaned

    def has_address(self) -> bool:
        return bool(self.cleaned_data.get("postcode") and self.cleaned_data.get("house_number"))

    def location_data(self) -> dict[str, Any]:
        """What the services receive: the model fields of this form that the user could change."""
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.fields and not self.fields[name].disabled and name in self.cleaned_data
        }
        if not data.get("ref"):
            data.pop("ref", None)  # creating: the service numbers it; editing: the reference stays
        if data.get("status_since") is None:
            data.pop("status_since", None)
        return data

    add_service_error = _service_errors


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    on = forms.DateField(label=_("Datum"), widget=DateInput)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args, location: Location, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, LocationStatus(status).label) for status in workflow.LIFECYCLE.next_statuses(location.status)
        ]
        self.fields["on"].initial = timezone.localdate()

    add_service_error = _service_errors


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        widget=forms.RadioSelect,
        choices=[
            (ReviewDecision.ACCEPTED, ReviewDecision.ACCEPTED.label),
            (ReviewDecision.DECLINED, ReviewDecision.DECLINED.label),
        ],
    )
    note = forms.CharField(
        label=_("Toelichting voor de indiener"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij een afwijzing."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == ReviewDecision.DECLINED and not cleaned.get("note", "").strip():
            self.add_error("note", _("Geef bij een afwijzing een toelichting voor de indiener."))
        return cleaned

    add_service_error = _service_errors


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "beds",
            "floor_area_m2",
            "bedrooms",
            "bedroom_area_m2",
            "toilets",
            "showers",
            "cooking_points",
            "fridge_litres",
        ]

    def unit_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    add_service_error = _service_errors


class NormDateForm(forms.Form):
    """The date the norm evaluations on a location's page are made for."""

    datum = forms.DateField(label=_("Normen op datum"), required=False, widget=DateInput)

    def day(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data.get("datum"):
            return self.cleaned_data["datum"]
        return timezone.localdate()
