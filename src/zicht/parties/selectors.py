"""Reads of the parties app: who may see which organisation, and how a certification stands."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of, scoped

from .models import Certification, Organisation

# A certificate that ends within this many days is flagged, so the party can renew it in time.
EXPIRY_WARNING_DAYS = 90

STATUS_VALID = "valid"
STATUS_EXPIRING = "expiring"
STATUS_EXPIRED = "expired"
STATUS_NOT_YET_VALID = "not_yet_valid"
STATUS_LABELS = {
    STATUS_VALID: _("Geldig"),
    STATUS_EXPIRING: _("Verloopt binnen %(days)d dagen"),
    STATUS_EXPIRED: _("Verlopen"),
    STATUS_NOT_YET_VALID: _("Nog niet geldig"),
}


def organisation_list_visible_to(user) -> QuerySet[Organisation]:
    """Government staff see every organisation; a market party only its own; a user without scope none."""
    certifications = Prefetch("certifications", queryset=Certification.objects.order_by("valid_until", "pk"))
    queryset = (
        Organisation.objects.select_related("municipality", "province", "region")
        .prefetch_related(certifications)
        .order_by("name", "pk")
    )
    scope = scope_of(user)
    if scope.is_none:
        return queryset.none()
    if scope.kind == ScopeKind.ORGANISATION:
        return scoped(queryset, user, municipality=None, organisation="pk")
    # Parties are public reference data for the government roles, whatever their area.
    return queryset


def organisation_detail_visible_to(user, pk: int) -> Organisation:
    """One organisation `user` may see; 404 otherwise."""
    return get_object_or_404(organisation_list_visible_to(user), pk=pk)


def certification_status(certification: Certification, today: datetime.date | None = None) -> str:
    """Expired, ending within EXPIRY_WARNING_DAYS, valid, or not yet valid on `today`."""
    today = today or timezone.localdate()
    if certification.valid_until < today:
        return STATUS_EXPIRED
    if certification.valid_from > today:
        return STATUS_NOT_YET_VALID
    if certification.expires_within(today, EXPIRY_WARNING_DAYS):
        return STATUS_EXPIRING
    return STATUS_VALID


def _mark_status(certifications: Iterable[Certification], today: datetime.date) -> list[Certification]:
    marked = list(certifications)
    for certification in marked:
        certification.status = certification_status(certification, today)
        certification.status_label = str(STATUS_LABELS[certification.status]) % {"days": EXPIRY_WARNING_DAYS}
        certification.days_left = (certification.valid_until - today).days
    return marked


def with_certification_status(
    organisations: Iterable[Organisation], today: datetime.date | None = None
) -> list[Organisation]:
    """The organisations, each prefetched certification given `status` and `status_label` for display."""
    today = today or timezone.localdate()
    result = list(organisations)
    for organisation in result:
        _mark_status(organisation.certifications.all(), today)
    return result


def certifications_with_status(organisation: Organisation, today: datetime.date | None = None) -> list[Certification]:
    """One organisation's certifications, soonest expiry first, each with `status`, `status_label`, `days_left`."""
    return _mark_status(organisation.certifications.order_by("valid_until", "pk"), today or timezone.localdate())


def convenants_in_force_for(municipality_id: int, day: datetime.date | None = None) -> QuerySet:
    """The convenants in force on `day` of the regions the municipality belongs to."""
    from django.db.models import Q

    from .models import Convenant

    day = day or timezone.localdate()
    return (
        Convenant.objects.filter(region__municipalities__id=municipality_id, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .select_related("region")
        .distinct()
        .order_by("region__name")
    )


def convenants_not_signed_by(
    organisation_id: int | None, municipality_id: int, day: datetime.date | None = None
) -> list:
    """The region convenants in force for the municipality that the organisation has not signed (or withdrew from).

    An initiative whose operator is missing from this list's convenants gets a warning (DOMAIN §3.1, seed 004).
    With no organisation, every convenant in force counts as unsigned.
    """
    from django.db.models import Q

    from .models import ConvenantSignatory

    day = day or timezone.localdate()
    convenants = list(convenants_in_force_for(municipality_id, day))
    if organisation_id is None or not convenants:
        return convenants
    signed = set(
        ConvenantSignatory.objects.filter(convenant__in=convenants, organisation_id=organisation_id, signed_on__lte=day)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        .values_list("convenant_id", flat=True)
    )
    return [convenant for convenant in convenants if convenant.pk not in signed]
