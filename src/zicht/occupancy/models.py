"""Pseudonymous persons and their residence, employment and BRP episodes (DOMAIN §3.2, §5), uploads, policy
parameters, published estimates and the indicator snapshots pages read.

No BSN or document number is stored: a person is only a keyed pseudonym (zicht.core.privacy.pseudonyms). Episodes
are identified by person, place and start date; `place_key` spells the place as text so one unique index serves
both database engines' upserts (a location, an address or a work municipality/employer/agency combination).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.core.models import AppendOnlyRecord
from zicht.geography.areas import AreaKind

from .choices import (
    BlockRegistrationStatus,
    BrpRegistration,
    DistributionVerdict,
    EstimateMeasure,
    ResidenceSource,
    UploadChannel,
    UploadFailure,
    UploadKind,
    UploadStatus,
)

PSEUDONYM_LENGTH = 64  # hex HMAC-SHA256


class Person(models.Model):
    pseudonym = models.CharField(_("pseudoniem"), max_length=PSEUDONYM_LENGTH, unique=True)
    # §4.2: the first day the person should be BRP-registered, derived from the residence episodes after each ingest.
    registration_due = models.DateField(_("inschrijfplicht vanaf"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("persoon (pseudoniem)")
        verbose_name_plural = _("personen (pseudoniem)")

    def __str__(self) -> str:
        return f"P-{self.pseudonym[:10]}"


class Upload(models.Model):
    """One delivered file: who sent it, how far its processing is, and its outcome (never its rows)."""

    kind = models.CharField(_("soort"), max_length=12, choices=UploadKind.choices)
    channel = models.CharField(_("kanaal"), max_length=8, choices=UploadChannel.choices)
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("controlegetal"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uploads",
    )
    municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uploads",
    )
    status = models.CharField(_("status"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.RUNNING)
    rows_total = models.PositiveIntegerField(_("rijen"), default=0)
    rows_done = models.PositiveIntegerField(_("rijen verwerkt"), default=0)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)
    # The first errors as [{"row", "field", "reason"}]: enough for the page; the full report is downloadable.
    errors = models.JSONField(_("foutmeldingen"), default=list, blank=True)
    # Why a failed upload failed (UploadFailure); empty otherwise.
    failure = models.CharField(_("reden mislukt"), max_length=12, choices=UploadFailure.choices, blank=True)
    # The background task that ingests it, and the process (`host:pid`) running the ingest: a starting worker
    # fails uploads whose process is gone (zicht.core.tasks).
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    runner = models.CharField(_("proces"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("gestart"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.started_at:%d-%m-%Y %H:%M})"


class UploadChunk(models.Model):
    """A piece of a delivered file waiting for its ingest, encrypted (ingest.payload); deleted once read."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["upload", "index"], name="occupancy_uploadchunk_unique")]

    def __str__(self) -> str:
        return f"{self.upload_id}:{self.index}"


class ResidenceEpisode(models.Model):
    # No separate foreign-key indexes where a composite index below starts with the column: each index is
    # written once more per ingested row (see docs/performance.md).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences", db_index=False)
    location = models.ForeignKey(
        "housing.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residence_episodes",
        db_index=False,
    )
    address = models.ForeignKey(
        "geography.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="residence_episodes"
    )
    # Where the location or address lies, kept on the episode so scoping and counting need no joins.
    municipality = models.ForeignKey(
        "geography.Municipality", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    neighbourhood = models.ForeignKey(
        "geography.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place_key = models.CharField(max_length=24)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"), null=True, blank=True)
    # The first day of the continuous stay in the Netherlands this episode is part of (§4.1), set after ingest.
    spell_start = models.DateField(null=True, blank=True)
    source = models.CharField(_("bron"), max_length=16, choices=ResidenceSource.choices)
    # An audit pointer, not a database constraint (migration 0005): each constraint costs one check per inserted
    # row at COMMIT. Django still applies SET_NULL when an Upload is deleted through the ORM.
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )

    class Meta:
        verbose_name = _("verblijfsperiode")
        verbose_name_plural = _("verblijfsperioden")
        constraints = [
            models.UniqueConstraint(fields=["person", "place_key", "start"], name="residence_identity"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="residence_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(location__isnull=False) | models.Q(address__isnull=False), name="residence_has_place"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "start", "end"], name="residence_area_period"),
            models.Index(fields=["location", "start", "end"], name="residence_location_period"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.place_key} {self.start}..{self.end or ''}"


class EmploymentEpisode(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments", db_index=False)
    employer = models.ForeignKey(
        "parties.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "parties.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # None: the work municipality is not known (it counts as "unknown" in §4.4 and §4.5).
    work_municipality = models.ForeignKey(
        "geography.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_key = models.CharField(max_length=40)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"), null=True, blank=True)
    # An audit pointer, not a database constraint (migration 0005): each constraint costs one check per inserted
    # row at COMMIT. Django still applies SET_NULL when an Upload is deleted through the ORM.
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )

    class Meta:
        verbose_name = _("arbeidsperiode")
        verbose_name_plural = _("arbeidsperioden")
        constraints = [
            models.UniqueConstraint(fields=["person", "place_key", "start"], name="employment_identity"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="employment_period_order",
            ),
        ]
        indexes = [models.Index(fields=["person", "start", "end"], name="employment_person_period")]

    def __str__(self) -> str:
        return f"{self.person} {self.place_key} {self.start}..{self.end or ''}"


class BrpEpisode(models.Model):
    """A period of BRP status: resident at an address in a municipality, or registered in the RNI."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="brp_episodes", db_index=False)
    registration = models.CharField(_("inschrijving"), max_length=8, choices=BrpRegistration.choices)
    municipality = models.ForeignKey(
        "geography.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.ForeignKey("geography.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place_key = models.CharField(max_length=24)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"), null=True, blank=True)
    # An audit pointer, not a database constraint (migration 0005): each constraint costs one check per inserted
    # row at COMMIT. Django still applies SET_NULL when an Upload is deleted through the ORM.
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )

    class Meta:
        verbose_name = _("BRP-periode")
        verbose_name_plural = _("BRP-perioden")
        constraints = [
            models.UniqueConstraint(fields=["person", "registration", "place_key", "start"], name="brp_identity"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")), name="brp_period_order"
            ),
        ]
        indexes = [models.Index(fields=["person", "registration", "start", "end"], name="brp_person_period")]

    def __str__(self) -> str:
        return f"{self.person} {self.registration} {self.start}..{self.end or ''}"


class PolicyParameters(models.Model):
    """Thresholds of §4.1 and §4.5 for a municipality, a region, or (both empty) the installation's default."""

    municipality = models.OneToOneField(
        "geography.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="policy_parameters"
    )
    region = models.OneToOneField(
        "geography.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="policy_parameters"
    )
    short_stay_max_days = models.PositiveSmallIntegerField(
        _("short stay: ten hoogste (dagen aaneengesloten)"), default=122
    )
    long_stay_min_days = models.PositiveSmallIntegerField(_("long stay: meer dan (dagen aaneengesloten)"), default=730)
    rule_min_same_pct = models.PositiveSmallIntegerField(
        _("80-10-10: ten minste % in de eigen gemeente"), default=80, validators=[MaxValueValidator(100)]
    )
    rule_max_region_pct = models.PositiveSmallIntegerField(
        _("80-10-10: ten hoogste % elders in de regio"), default=10, validators=[MaxValueValidator(100)]
    )
    rule_max_outside_pct = models.PositiveSmallIntegerField(
        _("80-10-10: ten hoogste % buiten de regio"), default=10, validators=[MaxValueValidator(100)]
    )
    rule_max_unknown_pct = models.PositiveSmallIntegerField(
        _("80-10-10: ten hoogste % onbekend"), default=10, validators=[MaxValueValidator(100)]
    )
    rule_region = models.ForeignKey(
        "geography.Region",
        verbose_name=_("regio voor 80-10-10"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leeg: de regio met een convenant waar de gemeente in ligt, anders haar eerste regio."),
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("beleidsparameters")
        verbose_name_plural = _("beleidsparameters")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(municipality__isnull=False) & models.Q(region__isnull=False)),
                name="policy_one_area",
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality or self.region or _("standaard"))


class Estimate(models.Model):
    """A published estimate for an area, as an interval with its source and year (e.g. Overijssel's table 1)."""

    area_kind = models.CharField(_("soort gebied"), max_length=16, choices=AreaKind.choices)
    area_code = models.CharField(_("gebiedscode"), max_length=64)
    measure = models.CharField(_("grootheid"), max_length=32, choices=EstimateMeasure.choices)
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(1990)])
    low = models.DecimalField(_("ondergrens"), max_digits=12, decimal_places=2)
    high = models.DecimalField(_("bovengrens"), max_digits=12, decimal_places=2)
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("schatting")
        verbose_name_plural = _("schattingen")
        ordering = ["area_kind", "area_code", "measure", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_kind", "area_code", "measure", "year", "source"], name="estimate_identity"
            ),
            models.CheckConstraint(condition=models.Q(high__gte=models.F("low")), name="estimate_interval_order"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.measure} {self.year}: {self.low}-{self.high}"


class IndicatorSnapshot(models.Model):
    """The indicators of one area on one date, computed in SQL after ingest; pages and the API read these."""

    area_kind = models.CharField(max_length=16, choices=AreaKind.choices)
    area_code = models.CharField(max_length=64)
    date = models.DateField()
    computed_at = models.DateTimeField(auto_now=True)
    living = models.PositiveIntegerField(default=0)
    occupancy = models.PositiveIntegerField(default=0)  # living in a registered housing location
    capacity_beds = models.PositiveIntegerField(default=0)
    brp_registered = models.PositiveIntegerField(default=0)
    rni_only = models.PositiveIntegerField(default=0)
    should_register_not_registered = models.PositiveIntegerField(default=0)
    address_mismatch = models.PositiveIntegerField(default=0)  # registered at another municipality than lived in
    working = models.PositiveIntegerField(default=0)
    registered_work_known = models.PositiveIntegerField(default=0)
    registered_working_in_residence = models.PositiveIntegerField(default=0)
    # Unweighted mean of the member municipalities' shares (None for a municipality, or when none has a share).
    mean_of_municipalities = models.FloatField(null=True, blank=True)
    stay_short = models.PositiveIntegerField(default=0)
    stay_mid = models.PositiveIntegerField(default=0)
    stay_long = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area_kind", "area_code", "date"], name="indicator_snapshot_identity")
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.date}"


class CommuteSnapshot(models.Model):
    """Persons living in one municipality by work municipality (None: unknown) on a date: the commuting matrix."""

    date = models.DateField()
    residence_municipality = models.ForeignKey("geography.Municipality", on_delete=models.CASCADE, related_name="+")
    work_municipality = models.ForeignKey(
        "geography.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    persons = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["date", "residence_municipality"], name="commute_date_residence")]

    def __str__(self) -> str:
        return f"{self.date} {self.residence_municipality_id}→{self.work_municipality_id}: {self.persons}"


class LocationSnapshot(models.Model):
    """Occupancy and the 80-10-10 distribution (§4.5) of one location on one date."""

    location = models.ForeignKey("housing.Location", on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField()
    computed_at = models.DateTimeField(auto_now=True)
    residents = models.PositiveIntegerField(default=0)
    same_municipality = models.PositiveIntegerField(default=0)
    elsewhere_in_region = models.PositiveIntegerField(default=0)
    outside_region = models.PositiveIntegerField(default=0)
    unknown = models.PositiveIntegerField(default=0)
    verdict = models.CharField(max_length=20, choices=DistributionVerdict.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "date"], name="location_snapshot_identity")]

    def __str__(self) -> str:
        return f"{self.location_id} {self.date}"


class BlockRegistration(models.Model):
    """A request by an agency for a BRP registration session for a group (> 20 persons), and its outcome (§3.2)."""

    municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="block_registrations",
    )
    agency = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("aanvrager"),
        on_delete=models.PROTECT,
        related_name="block_registrations",
    )
    location = models.ForeignKey(
        "housing.Location",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # More than 20 for a requested session (block_services); any group for registration on location.
    group_size = models.PositiveIntegerField(_("aantal personen"), validators=[MinValueValidator(1)])
    place = models.CharField(_("plaats van de sessie"), max_length=200)
    proposed_dates = models.JSONField(_("voorgestelde data"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BlockRegistrationStatus.choices, default=BlockRegistrationStatus.REQUESTED
    )
    planned_at = models.DateTimeField(_("gepland op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting"), blank=True)
    registered_count = models.PositiveIntegerField(_("ingeschreven"), null=True, blank=True)
    on_location = models.BooleanField(
        _("inschrijving op locatie (tijdens controle)"),
        default=False,
        help_text=_("Inschrijving ter plaatse met een documentscanner, tijdens een controle."),
    )

    class Meta:
        verbose_name = _("blokinschrijving")
        verbose_name_plural = _("blokinschrijvingen")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.municipality} ({self.group_size})"


class BlockRegistrationChange(AppendOnlyRecord):
    """One step of a block registration; added to, never edited."""

    block_registration = models.ForeignKey(BlockRegistration, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=BlockRegistrationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=BlockRegistrationStatus.choices)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["block_registration", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.block_registration_id}: {self.to_status}"

    def _refuse(self) -> Exception:
        return ValueError("Block registration history is added to, never changed.")
