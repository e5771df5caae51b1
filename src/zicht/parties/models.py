"""Organisations and their certifications (DOMAIN §3.9)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import AppendOnlyRecord

from .choices import AgreementTopic, CertificationScheme, OrganisationKind, SignalStatus
from .validators import validate_kvk


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, db_index=True)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True, validators=[validate_kvk])
    municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("gemeente (vestiging of bestuur)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    province = models.ForeignKey(
        "geography.Province",
        verbose_name=_("provincie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    region = models.ForeignKey(
        "geography.Region",
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"], condition=~models.Q(kvk_number=""), name="organisation_unique_kvk"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Certification(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.CASCADE, related_name="certifications"
    )
    scheme = models.CharField(_("keurmerk"), max_length=16, choices=CertificationScheme.choices)
    number = models.CharField(_("certificaatnummer"), max_length=50, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))

    # Set for display by parties.selectors (certifications_with_status), not stored.
    status: str
    status_label: str
    days_left: int

    class Meta:
        verbose_name = _("certificering")
        verbose_name_plural = _("certificeringen")
        ordering = ["valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="certification_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.organisation} (t/m {self.valid_until:%d-%m-%Y})"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("De einddatum ligt vóór de begindatum.")})

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def expires_within(self, day: datetime.date, days: int) -> bool:
        return day <= self.valid_until <= day + datetime.timedelta(days=days)


class Convenant(models.Model):
    """A region's convenant with market parties: agreements, signatories, meetings and signals (DOMAIN §3.9)."""

    region = models.ForeignKey(
        "geography.Region", verbose_name=_("regio"), on_delete=models.PROTECT, related_name="convenants"
    )
    title = models.CharField(_("titel"), max_length=200)
    valid_from = models.DateField(_("ingangsdatum"))
    valid_until = models.DateField(_("einddatum"), null=True, blank=True)
    meeting_interval_weeks = models.PositiveSmallIntegerField(
        _("vergaderfrequentie (weken)"),
        default=6,
        help_text=_("Het bestuurlijk overleg komt elke zoveel weken bijeen."),
    )
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        ordering = ["region__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="convenant_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class ConvenantAgreement(models.Model):
    convenant = models.ForeignKey(
        Convenant, verbose_name=_("convenant"), on_delete=models.CASCADE, related_name="agreements"
    )
    topic = models.CharField(_("onderwerp"), max_length=32, choices=AgreementTopic.choices)
    text = models.TextField(_("afspraak"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["convenant", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.convenant}: {self.get_topic_display()}"


class ConvenantSignatory(models.Model):
    convenant = models.ForeignKey(
        Convenant, verbose_name=_("convenant"), on_delete=models.CASCADE, related_name="signatories"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="convenant_signatures"
    )
    signed_on = models.DateField(_("ondertekend op"))
    withdrawn_on = models.DateField(_("teruggetrokken op"), null=True, blank=True)

    # Set for display by parties.convenant_selectors: signed and not withdrawn on the day shown. Not stored.
    active: bool

    class Meta:
        verbose_name = _("ondertekenaar")
        verbose_name_plural = _("ondertekenaars")
        ordering = ["convenant", "signed_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["convenant", "organisation"], name="signatory_unique_organisation"),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("signed_on")),
                name="signatory_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.signed_on:%d-%m-%Y})"

    def signed_on_day(self, day: datetime.date) -> bool:
        return self.signed_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)


class ConvenantMeeting(models.Model):
    """A (six-weekly) administrative meeting of the convenant's region, where signals are discussed."""

    convenant = models.ForeignKey(
        Convenant, verbose_name=_("convenant"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    notes = models.TextField(_("verslag"), blank=True)

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["convenant", "date"]
        constraints = [models.UniqueConstraint(fields=["convenant", "date"], name="meeting_unique_date")]

    def __str__(self) -> str:
        return f"{self.convenant.region} {self.date:%d-%m-%Y}"


class Signal(models.Model):
    """A municipality's signal that a party may not keep the convenant's agreements; shared within the region."""

    convenant = models.ForeignKey(
        Convenant, verbose_name=_("convenant"), on_delete=models.PROTECT, related_name="signals"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("betreft partij"), on_delete=models.PROTECT, related_name="signals"
    )
    topic = models.CharField(_("afspraak"), max_length=32, choices=AgreementTopic.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("beschrijving"))
    raised_by_municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("gemeld door gemeente"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    # Empty for signals recorded on a municipality's behalf without a user (imports, the demo).
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_on = models.DateField(_("gemeld op"))
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN, db_index=True
    )
    meeting = models.ForeignKey(
        ConvenantMeeting,
        verbose_name=_("besproken in overleg"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    outcome = models.TextField(_("uitkomst"), blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.organisation})"


class SignalStatusChange(AppendOnlyRecord):
    """One step in a signal's history; added to, never edited."""

    append_only_message = _("De geschiedenis van een signaal wordt aangevuld, nooit gewijzigd.")

    signal = models.ForeignKey(Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("van"), max_length=12, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=12, choices=SignalStatus.choices)
    meeting = models.ForeignKey(
        ConvenantMeeting, verbose_name=_("overleg"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("toelichting"), blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("statuswijziging signaal")
        verbose_name_plural = _("geschiedenis signalen")
        ordering = ["signal", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.signal}: {self.get_to_status_display()}"
