"""Reads of block registrations: who sees which session, its history, the agency's certification, and the number
of persons registered in completed sessions (shown beside the registration rate)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core.scopes import scoped
from zicht.parties.choices import CertificationScheme
from zicht.parties.models import Organisation
from zicht.parties.selectors import STATUS_EXPIRING, STATUS_VALID, certifications_with_status

from .choices import BlockRegistrationStatus
from .models import BlockRegistration, BlockRegistrationChange

# Seed 003: sessions are for certified agencies; these schemes count as certified.
AGENCY_SCHEMES = frozenset({CertificationScheme.NEN_4400_1, CertificationScheme.AGENCY})


def block_registrations_visible_to(user) -> QuerySet[BlockRegistration]:
    """An agency its own sessions; municipal, regional and provincial staff the sessions in their area."""
    queryset = BlockRegistration.objects.select_related("municipality", "agency", "location", "requested_by")
    return scoped(queryset, user, municipality="municipality", organisation="agency").order_by("-requested_at", "-pk")


def block_registration_detail_visible_to(user, pk: int) -> BlockRegistration:
    """One session `user` may see; 404 otherwise."""
    return get_object_or_404(block_registrations_visible_to(user), pk=pk)


def block_history(block: BlockRegistration) -> QuerySet[BlockRegistrationChange]:
    """The steps of one session, oldest first."""
    return block.history.select_related("recorded_by").order_by("recorded_at", "pk")


def is_certified_agency(organisation: Organisation, on: datetime.date | None = None) -> bool:
    """True when the organisation holds a NEN 4400-1 or agency certification valid on `on` (today by default)."""
    certifications = certifications_with_status(organisation, on or timezone.localdate())
    return any(
        item.scheme in AGENCY_SCHEMES and item.status in (STATUS_VALID, STATUS_EXPIRING) for item in certifications
    )


def certification_warning(organisation: Organisation, on: datetime.date | None = None) -> str:
    """A warning for the municipality when the requesting party is not a certified agency, else ''."""
    if is_certified_agency(organisation, on):
        return ""
    return _(
        "%(name)s heeft geen geldig NEN 4400-1-certificaat of certificaat voor uitzendbureaus. Blokinschrijving is "
        "bedoeld voor gecertificeerde uitzendbureaus."
    ) % {"name": organisation.name}


def registered_in_blocks(municipality_ids: Iterable[int], on: datetime.date) -> int:
    """Persons registered in completed sessions held on or before `on` in those municipalities."""
    ids = list(municipality_ids)
    if not ids:
        return 0
    # Up to the end of `on` in the installation's time zone: a session on the evening of `on` counts.
    end = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
    total = BlockRegistration.objects.filter(
        municipality_id__in=ids,
        status=BlockRegistrationStatus.COMPLETED,
        planned_at__lt=end,
        registered_count__isnull=False,
    ).aggregate(total=Sum("registered_count"))["total"]
    return total or 0
