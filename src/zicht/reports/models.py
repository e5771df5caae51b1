"""Reports of nuisance and abuse (meldingen, DOMAIN §3.5), their history, photos and forwards into inspection."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import AppendOnlyRecord

from .choices import Category, Channel, Department, ReporterKind, ReportStatus


def reference_of(pk: int) -> str:
    """The number staff use on the phone for report `pk` (M-000123); not the tracking code."""
    return f"M-{pk:06d}"


class CategoryRouting(models.Model):
    """A municipality's own service level and department for a category (else rules.SERVICE_LEVELS applies)."""

    municipality = models.ForeignKey(
        "geography.Municipality", verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    service_level_days = models.PositiveSmallIntegerField(
        _("afhandeltermijn (werkdagen)"), validators=[MinValueValidator(1), MaxValueValidator(250)]
    )
    department = models.CharField(_("afdeling"), max_length=32, choices=Department.choices)

    class Meta:
        verbose_name = _("routering categorie")
        verbose_name_plural = _("routering categorieën")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "category"], name="category_routing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_category_display()}"


class Report(models.Model):
    """One report. Anonymous reports hold no contact details and no client address (DOMAIN §5)."""

    # Only the SHA-256 of the tracking code is stored; the reporter sees the code once.
    tracking_digest = models.CharField(_("volgcode (hash)"), max_length=64, unique=True, editable=False)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices, db_index=True)
    description = models.TextField(_("omschrijving"))
    language = models.CharField(_("taal van de melder"), max_length=8, blank=True)
    language_detected = models.BooleanField(_("taal herkend uit de tekst"), default=False)
    reporter_kind = models.CharField(
        _("melder"), max_length=20, choices=ReporterKind.choices, default=ReporterKind.UNKNOWN
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    anonymous = models.BooleanField(_("anoniem"), default=True)
    contact_name = models.CharField(_("naam melder"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail melder"), blank=True)
    contact_phone = models.CharField(_("telefoon melder"), max_length=30, blank=True)

    municipality = models.ForeignKey(
        "geography.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="reports"
    )
    neighbourhood = models.ForeignKey(
        "geography.Neighbourhood",
        verbose_name=_("buurt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    address = models.ForeignKey(
        "geography.Address",
        verbose_name=_("adres"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    lat = models.DecimalField(_("breedtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    location = models.ForeignKey(
        "housing.Location",
        verbose_name=_("huisvestingslocatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.REPORTED, db_index=True
    )
    department = models.CharField(_("afdeling"), max_length=32, choices=Department.choices)
    service_level_days = models.PositiveSmallIntegerField(_("afhandeltermijn (werkdagen)"))
    created_at = models.DateTimeField(_("gemeld op"), db_index=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"))
    due_on = models.DateField(_("af te handelen voor"), db_index=True)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    # Working days from report to handling, set when handled: the dashboard's handling time, counted in SQL.
    handling_days = models.PositiveIntegerField(_("afhandeltijd (werkdagen)"), null=True, blank=True)
    handled_late = models.BooleanField(_("te laat afgehandeld"), null=True, blank=True)
    # Set by staff, never inferred from the reporter (seed 003: reports are not about migrants by default).
    concerns_migrant_housing = models.BooleanField(_("betreft huisvesting arbeidsmigranten"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("dubbel van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A short message to the reporter, shown with the tracking code (Signalen's feedback to the reporter).
    public_message = models.CharField(_("bericht aan de melder"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "created_at"], name="report_municipality_created"),
            models.Index(fields=["neighbourhood", "created_at"], name="report_neighbourhood_created"),
            models.Index(fields=["municipality", "status", "due_on"], name="report_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_category_display()}"

    @property
    def reference(self) -> str:
        """The number staff use on the phone; not the tracking code."""
        return reference_of(self.pk) if self.pk else "M-"


class ReportStatusChange(AppendOnlyRecord):
    """One step in a report's history; added to, never edited."""

    append_only_message = _("De geschiedenis van een melding wordt aangevuld, nooit gewijzigd.")

    report = models.ForeignKey(Report, verbose_name=_("melding"), on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("van"), max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=12, choices=ReportStatus.choices)
    department = models.CharField(_("afdeling"), max_length=32, choices=Department.choices, blank=True)
    reason = models.TextField(_("toelichting"), blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("statuswijziging melding")
        verbose_name_plural = _("geschiedenis meldingen")
        ordering = ["report", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_to_status_display()}"


def photo_path(instance: ReportPhoto, filename: str) -> str:
    # The name never carries the uploader's file name (it may hold a person's name).
    return f"reports/{instance.report_id}/{instance.token}.{instance.extension}"


class ReportPhoto(models.Model):
    """A photo with a report, re-encoded without metadata (EXIF, GPS, XMP) before it is stored."""

    report = models.ForeignKey(Report, verbose_name=_("melding"), on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=32, unique=True, editable=False)
    image = models.FileField(_("foto"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("soort"), max_length=20)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    width = models.PositiveIntegerField(_("breedte"))
    height = models.PositiveIntegerField(_("hoogte"))
    added_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto bij melding")
        verbose_name_plural = _("foto's bij meldingen")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"{self.report.reference} foto {self.pk}"


class InspectionRequest(models.Model):
    """A report forwarded into an inspection; the enforcement app turns the request into an inspection."""

    report = models.OneToOneField(
        Report, verbose_name=_("melding"), on_delete=models.CASCADE, related_name="inspection_request"
    )
    location = models.ForeignKey(
        "housing.Location",
        verbose_name=_("huisvestingslocatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("aanleiding"))
    requested_at = models.DateTimeField(_("aangevraagd op"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("verzoek om controle")
        verbose_name_plural = _("verzoeken om controle")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.report.reference}: {self.reason[:40]}"
