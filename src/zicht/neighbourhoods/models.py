"""Neighbourhood plans (wijkplannen, DOMAIN §3.6): measures with owner, status and dates for a set of neighbourhoods.

The neighbourhood profile itself is not stored: it is read from the housing, occupancy and reports apps.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import MeasureKind, MeasureStatus, PlanStatus


class NeighbourhoodPlan(models.Model):
    municipality = models.ForeignKey(
        "geography.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "geography.District",
        verbose_name=_("wijk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    neighbourhoods = models.ManyToManyField(
        "geography.Neighbourhood", verbose_name=_("buurten"), related_name="plans", blank=True
    )
    name = models.CharField(_("naam"), max_length=150)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = models.TextField(_("samenvatting"), blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    starts_on = models.DateField(_("looptijd vanaf"), null=True, blank=True)
    ends_on = models.DateField(_("looptijd tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("wijkplan")
        verbose_name_plural = _("wijkplannen")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="neighbourhood_plan_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Het einde ligt vóór het begin.")})
        if self.district_id and self.municipality_id and self.district.municipality_id != self.municipality_id:
            raise ValidationError({"district": _("De wijk ligt in een andere gemeente.")})


class PlanMeasure(models.Model):
    plan = models.ForeignKey(
        NeighbourhoodPlan, verbose_name=_("wijkplan"), on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("soort"), max_length=24, choices=MeasureKind.choices)
    title = models.CharField(_("maatregel"), max_length=200)
    owner = models.CharField(_("eigenaar"), max_length=150, help_text=_("Afdeling of partner die de maatregel trekt."))
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["plan", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Het einde ligt vóór het begin.")})
