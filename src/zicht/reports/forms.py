"""Staff forms of the reports app: intake, the next status, duplicates, forwarding into inspection, assessment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of, visible_municipalities
from zicht.geography.validators import normalise_postcode
from zicht.housing.selectors import location_list_visible_to

from . import rules, selectors, workflow
from .choices import Category, Department, ReporterKind, ReportStatus
from .filters import LANGUAGE_CHOICES, NO, YES, YES_NO, reference_pk
from .models import Report
from .services import CONTACT_FIELDS, anonymity_errors

COORDINATE = {"max_digits": 9, "decimal_places": 6, "required": False}


class ReportIntakeForm(forms.Form):
    """A report taken in by staff (phone, desk, field work); where: an address or a point."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, to_field_name="code", empty_label=_("Kies een gemeente")
    )
    category = forms.ChoiceField(label=_("Categorie"), choices=[("", _("Kies een categorie")), *Category.choices])
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=rules.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat is er aan de hand, waar en sinds wanneer? Zoals de melder het vertelt."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    house_number = forms.IntegerField(label=_("Huisnummer"), min_value=1, max_value=99999, required=False)
    house_letter = forms.CharField(label=_("Huisletter"), max_length=1, required=False)
    addition = forms.CharField(label=_("Toevoeging"), max_length=4, required=False)
    lat = forms.DecimalField(
        label=_("Breedtegraad"), help_text=_("Alleen zonder adres, bijvoorbeeld 52.2550."), **COORDINATE
    )
    lon = forms.DecimalField(label=_("Lengtegraad"), help_text=_("Bijvoorbeeld 6.1600."), **COORDINATE)
    reporter_kind = forms.ChoiceField(label=_("Melder"), choices=ReporterKind.choices, initial=ReporterKind.RESIDENT)
    language = forms.ChoiceField(
        label=_("Taal van de melder"),
        choices=[("", _("Herkennen uit de tekst")), *LANGUAGE_CHOICES],
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Anoniem"),
        required=False,
        initial=True,
        help_text=_("Zonder contactgegevens. Vink uit om naam, e-mail of telefoon vast te leggen."),
    )
    contact_name = forms.CharField(label=_("Naam melder"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-mail melder"), required=False)
    contact_phone = forms.CharField(label=_("Telefoon melder"), max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        if scope.kind == ScopeKind.MUNICIPALITY:
            # Municipal staff take in reports for their own municipality only.
            del self.fields["municipality"]
            self.municipality = user.scope_municipality
        else:
            self.fields["municipality"].queryset = visible_municipalities(user)
            self.municipality = None

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        postcode = normalise_postcode(value)
        if postcode is None:
            raise forms.ValidationError(_("Een postcode is 4 cijfers en 2 letters, zoals 7411 AB."))
        return postcode

    def clean(self):
        data = super().clean()
        has_address = bool(data.get("postcode")) or data.get("house_number") is not None
        has_point = data.get("lat") is not None or data.get("lon") is not None
        if has_address:
            if not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", _("Vul de postcode in."))
            if data.get("house_number") is None and "house_number" not in self.errors:
                self.add_error("house_number", _("Vul het huisnummer in."))
        elif has_point:
            for name in ("lat", "lon"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Vul breedtegraad en lengtegraad allebei in."))
        elif not {"postcode", "house_number", "lat", "lon"} & set(self.errors):
            self.add_error("postcode", _("Geef een adres (postcode en huisnummer) of een punt (coördinaten)."))
        contact = [data.get(name) for name in CONTACT_FIELDS]
        if not set(CONTACT_FIELDS) & set(self.errors):
            for name, messages in anonymity_errors(
                anonymous=data.get("anonymous"), contact=contact, staff=True
            ).items():
                self.add_error(name, messages)
        return data

    def chosen_municipality(self):
        return self.municipality or self.cleaned_data.get("municipality")


class ReportTransitionForm(forms.Form):
    """The next status of a report, with the reason staff and reporter see."""

    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij doorzetten, annuleren en heropenen."),
    )
    department = forms.ChoiceField(
        label=_("Afdeling"),
        required=False,
        choices=[("", _("Afdeling niet wijzigen")), *Department.choices],
    )
    public_message = forms.CharField(
        label=_("Bericht aan de melder"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ziet de melder bij de volgcode. Noem geen namen of gegevens van personen."),
    )

    def __init__(self, *args, report: Report, **kwargs):
        # The detail page holds several step forms: ids per form, so labels and error links stay unique.
        kwargs.setdefault("auto_id", "transition_%s")
        super().__init__(*args, **kwargs)
        labels = dict(ReportStatus.choices)
        self.fields["to_status"].choices = [(s, labels[s]) for s in workflow.COURSE.next_statuses(report.status)]

    def clean(self):
        data = super().clean()
        if data.get("to_status") in workflow.NEEDS_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef een toelichting bij deze stap."))
        return data


class ReportDuplicateForm(forms.Form):
    """Mark the report as a duplicate of a main report of the same municipality."""

    main_reference = forms.CharField(
        label=_("Hoofdmelding"), max_length=20, help_text=_("Het meldingnummer, zoals M-000123.")
    )

    def __init__(self, *args, report: Report, user, **kwargs):
        kwargs.setdefault("auto_id", "duplicate_%s")
        super().__init__(*args, **kwargs)
        self.report = report
        self.user = user

    def clean_main_reference(self) -> Report:
        pk = reference_pk(self.cleaned_data["main_reference"])
        if pk is None:
            raise forms.ValidationError(_("Een meldingnummer ziet eruit als M-000123."))
        if pk == self.report.pk:
            raise forms.ValidationError(_("Een melding kan geen dubbel van zichzelf zijn."))
        main = (
            selectors.report_list_visible_to(self.user)
            .filter(pk=pk, municipality_id=self.report.municipality_id)
            .first()
        )
        if main is None:
            raise forms.ValidationError(_("Geen melding met dit nummer in deze gemeente."))
        return main


class ReportForwardForm(forms.Form):
    """Forward the report into an inspection."""

    reason = forms.CharField(
        label=_("Aanleiding voor controle"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom is een controle ter plaatse nodig?"),
        error_messages={"required": _("Geef aan waarom een controle nodig is.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "forward_%s")
        super().__init__(*args, **kwargs)


class ReportAssessmentForm(forms.Form):
    """Staff's own judgement: does the report concern labour-migrant housing, and at which location."""

    concerns_migrant_housing = forms.ChoiceField(
        label=_("Betreft huisvesting van arbeidsmigranten"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Uw eigen beoordeling; nooit afgeleid uit de melder of de taal."),
    )
    location = forms.ModelChoiceField(
        label=_("Huisvestingslocatie"), queryset=None, required=False, empty_label=_("Geen locatie")
    )

    def __init__(self, *args, report: Report, user, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if report.concerns_migrant_housing is not None:
            initial.setdefault("concerns_migrant_housing", YES if report.concerns_migrant_housing else NO)
        initial.setdefault("location", report.location_id)
        kwargs.setdefault("auto_id", "assessment_%s")
        super().__init__(*args, **kwargs)
        # Only the municipality's own locations can be linked (the service checks this as well).
        self.fields["location"].queryset = location_list_visible_to(user).filter(municipality_id=report.municipality_id)

    def concerns(self) -> bool | None:
        value = self.cleaned_data.get("concerns_migrant_housing")
        return {YES: True, NO: False}.get(value)
