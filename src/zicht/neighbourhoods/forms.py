"""Forms of the neighbourhood pages: the profile's date, a plan and a measure. Writes go through services.py."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.scopes import scope_of, visible_municipalities
from zicht.geography.models import District, Municipality, Neighbourhood

from .choices import MeasureKind, MeasureStatus, PlanStatus
from .models import NeighbourhoodPlan

END_BEFORE_START = _("Het einde ligt vóór het begin.")
OTHER_MUNICIPALITY = _("Een buurt ligt in een andere gemeente.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProfileDateForm(forms.Form):
    """The date of the profile's occupancy figures (default today)."""

    datum = forms.DateField(label=_("Peildatum bewoning"), required=False, widget=DateInput)

    def day(self) -> datetime.date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("datum"):
            return self.cleaned_data["datum"]
        return timezone.localdate()


class NeighbourhoodChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.code})"


class PlanForm(forms.Form):
    """A plan of one municipality. Municipal staff write for their own municipality; an administrator chooses it."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), empty_label=_("Kies een gemeente")
    )
    name = forms.CharField(label=_("Naam"), max_length=150)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    district = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Geen wijk (alleen de gekozen buurten)"),
        help_text=_("Een plan zonder buurten geldt voor alle buurten van de wijk."),
    )
    neighbourhoods = NeighbourhoodChoices(
        label=_("Buurten"), queryset=Neighbourhood.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("Samenvatting"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    adopted_on = forms.DateField(label=_("Vastgesteld op"), required=False, widget=DateInput)
    starts_on = forms.DateField(label=_("Looptijd vanaf"), required=False, widget=DateInput)
    ends_on = forms.DateField(label=_("Looptijd tot"), required=False, widget=DateInput)

    def __init__(self, *args, user, plan: NeighbourhoodPlan | None = None, **kwargs):
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(plan, name) for name in ("name", "status", "summary", "adopted_on")},
                "starts_on": plan.starts_on,
                "ends_on": plan.ends_on,
                "district": plan.district_id,
                "neighbourhoods": [item.pk for item in plan.neighbourhoods.all()],
            }
        super().__init__(*args, **kwargs)
        self.plan = plan
        municipality_id = plan.municipality_id if plan else scope_of(user).municipality_id
        if municipality_id is not None:
            # The municipality is fixed: the plan's own, or the policy officer's.
            del self.fields["municipality"]
            self.fixed_municipality = Municipality.objects.get(pk=municipality_id)
            municipalities = Municipality.objects.filter(pk=municipality_id)
        else:
            self.fixed_municipality = None
            municipalities = visible_municipalities(user)
            self.fields["municipality"].queryset = municipalities
            self.fields["neighbourhoods"].widget = forms.SelectMultiple(attrs={"size": 12})
        self.fields["district"].queryset = District.objects.filter(municipality__in=municipalities).order_by("name")
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(municipality__in=municipalities).order_by(
            "name", "code"
        )

    def clean(self):
        data = super().clean()
        municipality = self.fixed_municipality or data.get("municipality")
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", END_BEFORE_START)
        if municipality is None:
            return data
        district = data.get("district")
        if district is not None and district.municipality_id != municipality.pk:
            self.add_error("district", _("De wijk ligt in een andere gemeente."))
        if any(item.municipality_id != municipality.pk for item in data.get("neighbourhoods") or ()):
            self.add_error("neighbourhoods", OTHER_MUNICIPALITY)
        name = (data.get("name") or "").strip()
        others = NeighbourhoodPlan.objects.filter(municipality=municipality, name__iexact=name)
        if self.plan is not None:
            others = others.exclude(pk=self.plan.pk)
        if name and others.exists():
            self.add_error("name", _("Deze gemeente heeft al een wijkplan met deze naam."))
        data["municipality"] = municipality
        return data

    def plan_data(self) -> dict:
        """The plan's own fields, as plan_create and plan_update take them."""
        fields = ("name", "status", "district", "summary", "adopted_on", "starts_on", "ends_on")
        data = {name: self.cleaned_data[name] for name in fields}
        data["name"] = data["name"].strip()
        return data


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort maatregel"), choices=[("", _("Kies een soort")), *MeasureKind.choices])
    title = forms.CharField(label=_("Maatregel"), max_length=200)
    owner = forms.CharField(
        label=_("Eigenaar"), max_length=150, help_text=_("Afdeling of partner die de maatregel trekt.")
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    ends_on = forms.DateField(label=_("Einde"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, measure=None, **kwargs):
        if measure is not None and "initial" not in kwargs:
            names = ("kind", "title", "owner", "status", "starts_on", "ends_on", "note")
            kwargs["initial"] = {name: getattr(measure, name) for name in names}
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", END_BEFORE_START)
        return data
