"""Provinces, regions, municipalities, districts, neighbourhoods and addresses (DOMAIN §2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import (
    bag_id_validator,
    district_code_validator,
    municipality_code_validator,
    neighbourhood_code_validator,
    normalise_postcode,
    province_code_validator,
)


class Province(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True, validators=[province_code_validator])
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[municipality_code_validator])
    name = models.CharField(_("naam"), max_length=100, db_index=True)
    province = models.ForeignKey(
        Province, verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="municipalities"
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A cooperation of municipalities; a municipality can be in several (seed 000: border municipalities)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), related_name="regions", blank=True
    )

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A wijk (CBS WKxxxxxx)."""

    code = models.CharField(_("CBS-code"), max_length=8, unique=True, validators=[district_code_validator])
    name = models.CharField(_("naam"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="districts"
    )

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["municipality__name", "name"]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A buurt (CBS BUxxxxxxxx)."""

    code = models.CharField(_("CBS-code"), max_length=10, unique=True, validators=[neighbourhood_code_validator])
    name = models.CharField(_("naam"), max_length=100)
    district = models.ForeignKey(
        District, verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="neighbourhoods"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="neighbourhoods"
    )

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["municipality__name", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.district_id and self.municipality_id and self.district.municipality_id != self.municipality_id:
            raise ValidationError({"district": _("De wijk ligt in een andere gemeente.")})


class Address(models.Model):
    """A Dutch address; person-level data attaches to it later, so it is scoped by municipality."""

    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.PositiveIntegerField(
        _("huisnummer"), validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, db_index=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="addresses"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="addresses",
    )
    bag_id = models.CharField(_("BAG-id (nummeraanduiding)"), max_length=16, blank=True, validators=[bag_id_validator])
    lat = models.DecimalField(
        _("breedtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(50.7), MaxValueValidator(53.7)],
    )
    lon = models.DecimalField(
        _("lengtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(3.2), MaxValueValidator(7.3)],
    )

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        ordering = ["postcode", "house_number", "house_letter", "addition"]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_letter", "addition"], name="address_unique_number"
            ),
        ]

    def __str__(self) -> str:
        number = f"{self.house_number}{self.house_letter}"
        if self.addition:
            number += f"-{self.addition}"
        street = f"{self.street} {number}" if self.street else number
        return f"{street}, {self.postcode} {self.city}".strip().rstrip(",")

    def clean(self) -> None:
        normalised = normalise_postcode(self.postcode)
        if normalised is None:
            raise ValidationError({"postcode": _("Een postcode is 4 cijfers en 2 letters, zoals 7411 AB.")})
        self.postcode = normalised
        if (
            self.neighbourhood_id
            and self.municipality_id
            and self.neighbourhood.municipality_id != self.municipality_id
        ):
            raise ValidationError({"neighbourhood": _("De buurt ligt in een andere gemeente.")})
