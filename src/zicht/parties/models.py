"""Organisations and their certifications (DOMAIN §3.9)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CertificationScheme, OrganisationKind
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
