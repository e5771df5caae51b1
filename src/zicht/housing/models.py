"""The housing register (DOMAIN §3.1): locations, their units, their dated status history, and norm sets (§4.3)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import AppendOnlyRecord

from .choices import (
    CertificateScheme,
    LocationForm,
    LocationStatus,
    NormRuleKind,
    NormRuleScope,
    NormVerdict,
    ReviewDecision,
    StayType,
)

AREA = {"max_digits": 9, "decimal_places": 1, "validators": [MinValueValidator(0)]}
COORDINATE = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


class NormSet(models.Model):
    """A named set of housing norms (minimum, SNF, AKF, or a municipality's own), with dated versions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("gemeente (eigen normenset)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="norm_sets",
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("normenset")
        verbose_name_plural = _("normensets")
        ordering = ["municipality__name", "code"]

    def __str__(self) -> str:
        return self.name


class NormSetVersion(models.Model):
    norm_set = models.ForeignKey(
        NormSet, verbose_name=_("normenset"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("geldig vanaf"))
    note = models.CharField(_("wijziging"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("versie van een normenset")
        verbose_name_plural = _("versies van normensets")
        ordering = ["norm_set", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["norm_set", "valid_from"], name="normsetversion_unique_date")]

    def __str__(self) -> str:
        return f"{self.norm_set} ({self.valid_from:%d-%m-%Y})"


class NormRule(models.Model):
    version = models.ForeignKey(
        NormSetVersion, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("soort regel"), max_length=32, choices=NormRuleKind.choices)
    limit = models.DecimalField(_("grens"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0.01)])
    applies_to = models.CharField(
        _("geldt voor"), max_length=32, choices=NormRuleScope.choices, default=NormRuleScope.ALL
    )
    limit_if_agreed = models.DecimalField(
        _("grens bij schriftelijke afspraak"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01)],
        help_text=_("Bijvoorbeeld SNF: twee personen per slaapkamer als dat schriftelijk is afgesproken."),
    )
    new_sites_from = models.DateField(
        _("nieuwe locaties vanaf"),
        null=True,
        blank=True,
        help_text=_(
            "Voor regels voor nieuwe of bestaande locaties: wat op of na deze datum in gebruik komt, is nieuw. "
            "Leeg: de ingangsdatum van de versie."
        ),
    )

    class Meta:
        verbose_name = _("normregel")
        verbose_name_plural = _("normregels")
        ordering = ["version", "kind", "applies_to"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.limit}"


class Location(models.Model):
    """A labour-migrant housing location; capacity and norm figures are totals for the whole location."""

    ref = models.CharField(
        _("referentie"),
        max_length=64,
        unique=True,
        help_text=_("Eigen kenmerk; een import met dezelfde referentie werkt bij."),
    )
    name = models.CharField(_("naam"), max_length=200, db_index=True)
    municipality = models.ForeignKey(
        "geography.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="locations"
    )
    neighbourhood = models.ForeignKey(
        "geography.Neighbourhood",
        verbose_name=_("buurt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    address = models.ForeignKey(
        "geography.Address",
        verbose_name=_("adres"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations",
    )
    other_addresses = models.ManyToManyField(
        "geography.Address", verbose_name=_("overige adressen"), blank=True, related_name="+"
    )
    lat = models.DecimalField(_("breedtegraad"), **COORDINATE)
    lon = models.DecimalField(_("lengtegraad"), **COORDINATE)
    form = models.CharField(_("vorm"), max_length=32, choices=LocationForm.choices)
    stay_type = models.CharField(_("verblijfsduur"), max_length=8, choices=StayType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=LocationStatus.choices, default=LocationStatus.INITIATIVE, db_index=True
    )
    status_since = models.DateField(_("status sinds"))
    in_use_since = models.DateField(_("in gebruik sinds"), null=True, blank=True)
    expected_delivery = models.DateField(
        _("verwachte oplevering"),
        null=True,
        blank=True,
        help_text=_("Voor geplande locaties: wanneer de plaatsen er zijn."),
    )
    operator = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("exploitant (huisvester)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operated_locations",
    )
    owner = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_locations",
    )
    # The market party that registered the location itself (an initiative); the municipality reviews it.
    registered_by = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("aangemeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_locations",
    )
    review = models.CharField(
        _("beoordeling"), max_length=12, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    review_note = models.TextField(_("toelichting beoordeling"), blank=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    permit_reference = models.CharField(_("vergunningkenmerk"), max_length=80, blank=True)
    permit_granted_on = models.DateField(_("vergund op"), null=True, blank=True)
    permit_valid_until = models.DateField(_("vergunning geldig tot en met"), null=True, blank=True)
    certificate_scheme = models.CharField(_("keurmerk"), max_length=8, choices=CertificateScheme.choices, blank=True)
    certificate_number = models.CharField(_("certificaatnummer"), max_length=80, blank=True)
    certificate_valid_until = models.DateField(_("certificaat geldig tot en met"), null=True, blank=True)
    capacity_beds = models.PositiveIntegerField(_("capaciteit (bedden)"), default=0)
    floor_area_m2 = models.DecimalField(_("woonoppervlak (m²)"), null=True, blank=True, **AREA)
    bedrooms = models.PositiveIntegerField(_("slaapkamers"), null=True, blank=True)
    bedroom_area_m2 = models.DecimalField(_("slaapkameroppervlak (m²)"), null=True, blank=True, **AREA)
    toilets = models.PositiveIntegerField(_("toiletten"), null=True, blank=True)
    showers = models.PositiveIntegerField(_("douches"), null=True, blank=True)
    cooking_points = models.PositiveIntegerField(_("kookpunten"), null=True, blank=True)
    fridge_litres = models.PositiveIntegerField(_("koelkastinhoud (liter)"), null=True, blank=True)
    two_per_bedroom_agreed = models.BooleanField(_("twee per slaapkamer schriftelijk afgesproken"), default=False)
    norm_set = models.ForeignKey(
        NormSet,
        verbose_name=_("normenset (afwijkend)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations",
        help_text=_("Leeg: de eigen normenset van de gemeente, anders die van het keurmerk, anders de minimumnorm."),
    )
    # The verdict under the applicable norm set, kept so lists can filter and count on it; services refresh it.
    norm_verdict = models.CharField(
        _("normoordeel"), max_length=8, choices=NormVerdict.choices, default=NormVerdict.UNKNOWN, db_index=True
    )
    norm_capacity = models.PositiveIntegerField(_("normcapaciteit"), null=True, blank=True)
    norm_evaluated_on = models.DateField(_("normoordeel van"), null=True, blank=True)
    norm_set_applied = models.ForeignKey(
        NormSet,
        verbose_name=_("toegepaste normenset"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("opmerkingen"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("huisvestingslocatie")
        verbose_name_plural = _("huisvestingslocaties")
        ordering = ["municipality__name", "name"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="location_municipality_status"),
            models.Index(fields=["certificate_valid_until"], name="location_certificate_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(lat__isnull=True) & models.Q(lon__isnull=True))
                | (models.Q(lat__gte=50.7, lat__lte=53.7, lon__gte=3.2, lon__lte=7.3)),
                name="location_coordinates_in_nl",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"

    def clean(self) -> None:
        errors = {}
        if (self.lat is None) != (self.lon is None):
            errors["lon"] = _("Vul breedte- en lengtegraad allebei in, of geen van beide.")
        if self.lat is not None and not (50.7 <= self.lat <= 53.7):
            errors["lat"] = _("De breedtegraad ligt niet in Nederland (50,7 tot 53,7).")
        if self.lon is not None and not (3.2 <= self.lon <= 7.3):
            errors["lon"] = _("De lengtegraad ligt niet in Nederland (3,2 tot 7,3).")
        if (
            self.neighbourhood_id
            and self.municipality_id
            and self.neighbourhood.municipality_id != self.municipality_id
        ):
            errors["neighbourhood"] = _("Deze buurt ligt niet in de gekozen gemeente.")
        if self.address_id and self.municipality_id and self.address.municipality_id != self.municipality_id:
            errors["address"] = _("Dit adres ligt niet in de gekozen gemeente.")
        if self.certificate_scheme and not self.certificate_valid_until:
            errors["certificate_valid_until"] = _("Een certificaat heeft een einddatum.")
        if self.permit_granted_on and self.permit_valid_until and self.permit_valid_until < self.permit_granted_on:
            errors["permit_valid_until"] = _("De einddatum ligt vóór de datum van vergunnen.")
        if errors:
            raise ValidationError(errors)


class LocationStatusChange(AppendOnlyRecord):
    """One dated step in a location's lifecycle; added to, never edited."""

    append_only_message = _("Statusgeschiedenis wordt aangevuld, nooit gewijzigd.")

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(_("van"), max_length=20, choices=LocationStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=LocationStatus.choices)
    on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statusgeschiedenis")
        ordering = ["location", "on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.location}: {self.get_to_status_display()} ({self.on:%d-%m-%Y})"


class Unit(models.Model):
    """A unit or room of a location: the breakdown behind the location's totals."""

    location = models.ForeignKey(Location, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("naam"), max_length=80)
    floor_area_m2 = models.DecimalField(_("woonoppervlak (m²)"), null=True, blank=True, **AREA)
    beds = models.PositiveIntegerField(_("bedden"), default=0)
    bedrooms = models.PositiveIntegerField(_("slaapkamers"), null=True, blank=True)
    bedroom_area_m2 = models.DecimalField(_("slaapkameroppervlak (m²)"), null=True, blank=True, **AREA)
    toilets = models.PositiveIntegerField(_("toiletten"), null=True, blank=True)
    showers = models.PositiveIntegerField(_("douches"), null=True, blank=True)
    cooking_points = models.PositiveIntegerField(_("kookpunten"), null=True, blank=True)
    fridge_litres = models.PositiveIntegerField(_("koelkastinhoud (liter)"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["location", "name"]
        constraints = [models.UniqueConstraint(fields=["location", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return f"{self.location.name}: {self.name}"


__all__ = [
    "Location",
    "LocationStatusChange",
    "NormRule",
    "NormSet",
    "NormSetVersion",
    "Unit",
]
