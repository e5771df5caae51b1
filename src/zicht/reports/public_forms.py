"""Forms of the public report pages: the report itself and the tracking code."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.geography.models import Municipality

from . import rules
from .choices import Category, Channel, ReporterKind
from .photos import PhotoRejected, clean_photo
from .placement import PlacementError, place_report
from .services import CONTACT_FIELDS, ReportInput, anonymity_errors, description_errors, too_many_photos

# Each language in its own name: a reporter looks for the language they read, not for its Dutch name.
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "bg": "Български",
    "ro": "Română",
    "uk": "Українська",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "ar": "العربية",
    "pl": "Polski",
    "zh": "中文",
    "fa": "فارسی",
    "hi": "हिन्दी",
    "ti": "ትግርኛ",
}

# What a member of the public can say about themselves ("anders" is stored as unknown).
PUBLIC_REPORTER_KINDS = [
    (ReporterKind.RESIDENT.value, ReporterKind.RESIDENT.label),
    (ReporterKind.MIGRANT.value, ReporterKind.MIGRANT.label),
    (ReporterKind.OWNERS_ASSOCIATION.value, ReporterKind.OWNERS_ASSOCIATION.label),
    (ReporterKind.UNKNOWN.value, gettext_lazy("Anders")),
]

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,30}$", gettext_lazy("Een telefoonnummer bevat alleen cijfers, spaties en + ( ) -.")
)

# Where a place error lands on the form: "location" (no address and no point) sits with the address fields.
PLACEMENT_FIELD_OF = {"location": "postcode", "house_letter": "addition"}


def not_found_message() -> str:
    """One answer for a code that does not exist and for one that cannot be a code: codes are not enumerable."""
    return _("We vinden geen melding met deze volgcode. Controleer de code en probeer het opnieuw.")


class LanguageSelect(forms.Select):
    """A select whose options carry their own lang attribute, so a screen reader pronounces each name right."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Up to MAX_PHOTOS photos, each checked and cleaned of metadata (the result is a list of CleanPhoto)."""

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > rules.MAX_PHOTOS:
            raise ValidationError(too_many_photos())
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_photo(upload))
            except PhotoRejected as rejected:
                errors.append(f"{upload.name}: {rejected.message}")
        if errors:
            raise ValidationError(errors)
        return cleaned


class PublicReportForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Waar gaat uw melding over?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies een categorie uit de lijst."),
            "invalid_choice": gettext_lazy("Kies een categorie uit de lijst."),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Wat is er aan de hand?"),
        help_text=gettext_lazy("Beschrijf wat u ziet of hoort, en wanneer. Minstens 10 en hooguit 3000 tekens."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": rules.DESCRIPTION_MAX_LENGTH}),
        error_messages={"required": gettext_lazy("Beschrijf wat er aan de hand is.")},
    )
    postcode = forms.CharField(
        label=gettext_lazy("Postcode"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "input--short"}),
    )
    house_number = forms.CharField(
        label=gettext_lazy("Huisnummer"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    addition = forms.CharField(
        label=gettext_lazy("Huisletter of toevoeging"),
        help_text=gettext_lazy("Bijvoorbeeld A of 2. Mag leeg blijven."),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "input--short"}),
    )
    lat = forms.CharField(
        label=gettext_lazy("Breedtegraad"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short", "data-point-lat": ""}),
    )
    lon = forms.CharField(
        label=gettext_lazy("Lengtegraad"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short", "data-point-lon": ""}),
    )
    municipality = forms.ChoiceField(
        label=gettext_lazy("Gemeente"),
        help_text=gettext_lazy("Alleen nodig als we de plek niet bij een adres kunnen vinden."),
        required=False,
    )
    photos = PhotoField(
        label=gettext_lazy("Foto's (niet verplicht)"),
        help_text=gettext_lazy(
            "Hooguit 3 foto's van elk hooguit 5 MB: JPEG, PNG of WebP. Wij halen de locatie- en cameragegevens eruit."
        ),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": ",".join(rules.PHOTO_FORMATS.values())}),
    )
    reporter_kind = forms.ChoiceField(
        label=gettext_lazy("Ik ben"),
        choices=[("", gettext_lazy("Zeg ik liever niet")), *PUBLIC_REPORTER_KINDS],
        required=False,
    )
    anonymous = forms.BooleanField(label=gettext_lazy("Anoniem melden"), required=False, label_suffix="")
    contact_name = forms.CharField(
        label=gettext_lazy("Naam"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=gettext_lazy("Telefoonnummer"),
        required=False,
        max_length=30,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("In welke taal schrijft u?"),
        help_text=gettext_lazy("Leeg laten mag: dan herkennen we de taal uit uw tekst."),
        choices=[("", gettext_lazy("Herken de taal uit mijn tekst"))]
        + [(code, LANGUAGE_NAMES.get(code, code)) for code in rules.PORTAL_LANGUAGES],
        required=False,
        widget=LanguageSelect,
    )

    WHERE_FIELDS = ("postcode", "house_number", "addition", "lat", "lon", "municipality")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = None
        self.fields["municipality"].choices = [
            ("", _("Kies een gemeente")),
            *Municipality.objects.order_by("name").values_list("code", "name"),
        ]

    def clean_description(self) -> str:
        text = self.cleaned_data["description"]
        errors = description_errors(text)
        if errors:
            raise ValidationError(errors)
        return text

    def clean(self):
        data = super().clean()
        contact = [data.get(name) for name in CONTACT_FIELDS]
        for name, messages in anonymity_errors(anonymous=data.get("anonymous"), contact=contact, staff=False).items():
            self.add_error(name, messages)
        if not any(field in self.errors for field in self.WHERE_FIELDS):
            try:
                self.placement = place_report(
                    lat=data.get("lat"),
                    lon=data.get("lon"),
                    postcode=data.get("postcode", ""),
                    house_number=data.get("house_number"),
                    addition=data.get("addition", ""),
                    municipality_code=data.get("municipality", ""),
                )
            except PlacementError as error:
                self.apply_errors(error, PLACEMENT_FIELD_OF)
        return data

    def apply_errors(self, error: ValidationError, renamed: dict[str, str] | None = None) -> None:
        """Put a service's or placement's ValidationError onto the fields it names (others above the form)."""
        renamed = renamed or {}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            field = renamed.get(key, key)
            self.add_error(field if field in self.fields else None, messages)

    def report_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            category=data["category"],
            description=data["description"],
            placement=self.placement,
            language=data.get("language", ""),
            anonymous=bool(data.get("anonymous")),
            reporter_kind=data.get("reporter_kind") or ReporterKind.UNKNOWN,
            channel=Channel.WEB,
            photos=list(data.get("photos") or []),
            **{name: data.get(name) or "" for name in CONTACT_FIELDS},
        )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Volgcode"),
        help_text=gettext_lazy("De code die u kreeg na uw melding, bijvoorbeeld ABCD-EFGH-…"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "class": "input--code"}
        ),
        error_messages={"required": gettext_lazy("Vul uw volgcode in.")},
    )
