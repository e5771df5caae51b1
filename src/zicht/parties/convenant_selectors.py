"""Reads of regional convenants and the signals about parties: who may see which, the next meeting, its agenda.

A convenant, its agreements, signatories and meetings are for government staff whose area takes part in the
convenant's region, and for the market parties that signed it. Signals are shared between the region's government
staff only: a market party never sees one, not even about itself (DOMAIN §3.9).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zicht.core.roles import ScopeKind
from zicht.core.scopes import NOTHING, Scope, municipality_q, scope_of

from .choices import OPEN_SIGNAL_STATUSES, AgreementTopic, SignalStatus
from .models import (
    Convenant,
    ConvenantAgreement,
    ConvenantMeeting,
    ConvenantSignatory,
    Organisation,
    Signal,
)


def _government_convenant_q(scope: Scope) -> Q:
    """Convenants of the regions the scope's area takes part in: its own region, or a region with a municipality
    in its municipality or province; the whole installation sees all."""
    from zicht.geography.models import Region

    if scope.kind == ScopeKind.INSTALLATION:
        return Q()
    if scope.kind == ScopeKind.REGION:
        return Q(region_id=scope.region_id)
    if scope.kind in (ScopeKind.MUNICIPALITY, ScopeKind.PROVINCE):
        memberships = Region.municipalities.through.objects.filter(municipality_q(scope, "municipality"))
        return Q(region_id__in=memberships.values("region_id"))
    return NOTHING


def convenant_scope_q(user) -> Q:
    """The filter on Convenant for what `user` may see; a market party sees the convenants it signed."""
    scope = scope_of(user)
    if scope.is_none:
        return NOTHING
    if scope.kind == ScopeKind.ORGANISATION and scope.organisation_id is not None:
        signed = ConvenantSignatory.objects.filter(organisation_id=scope.organisation_id).values("convenant_id")
        return Q(pk__in=signed)
    return _government_convenant_q(scope)


def may_see_signals(user) -> bool:
    """Signals are for government staff of a region's area; market parties and users without scope see none."""
    scope = scope_of(user)
    return not scope.is_none and scope.kind != ScopeKind.ORGANISATION


def signal_scope_q(user) -> Q:
    """The filter on Signal for what `user` may see: the signals of the convenants of the user's regions."""
    if not may_see_signals(user):
        return NOTHING
    convenants = Convenant.objects.filter(_government_convenant_q(scope_of(user)))
    return Q(convenant_id__in=convenants.values("pk"))


def _active_signatory_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}signed_on__lte": day}) & (
        Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": day})
    )


def convenant_list_visible_to(user, today: datetime.date | None = None) -> QuerySet[Convenant]:
    """The convenants `user` may see, with `signatory_count` (signed on `today`) and `open_signal_count`."""
    today = today or timezone.localdate()
    queryset = Convenant.objects.filter(convenant_scope_q(user)).select_related("region")
    queryset = queryset.annotate(
        signatory_count=Count("signatories", filter=_active_signatory_q(today, "signatories__"), distinct=True),
        open_signal_count=Count("signals", filter=Q(signals__status__in=OPEN_SIGNAL_STATUSES), distinct=True),
    )
    return queryset.order_by("region__name", "-valid_from", "pk")


def convenant_detail_visible_to(user, pk: int) -> Convenant:
    """One convenant `user` may see; 404 otherwise."""
    return get_object_or_404(convenant_list_visible_to(user), pk=pk)


def signal_list_visible_to(user) -> QuerySet[Signal]:
    """The signals `user` may see, newest first; none for a market party."""
    return (
        Signal.objects.filter(signal_scope_q(user))
        .select_related("convenant__region", "organisation", "raised_by_municipality", "meeting", "raised_by")
        .order_by("-raised_on", "-pk")
    )


def signal_detail_visible_to(user, pk: int) -> Signal:
    """One signal `user` may see; 404 otherwise."""
    return get_object_or_404(signal_list_visible_to(user), pk=pk)


def signal_history(signal: Signal) -> QuerySet:
    """The signal's status changes, oldest first."""
    return signal.history.select_related("meeting", "recorded_by").order_by("recorded_at", "pk")


@dataclass(frozen=True)
class TopicAgreements:
    topic: str
    label: str
    agreements: list[ConvenantAgreement]


def agreements_by_topic(convenant: Convenant) -> list[TopicAgreements]:
    """The convenant's agreements grouped by topic, topics in the order of AgreementTopic."""
    grouped: dict[str, list[ConvenantAgreement]] = {}
    for agreement in convenant.agreements.order_by("position", "pk"):
        grouped.setdefault(agreement.topic, []).append(agreement)
    labels = dict(AgreementTopic.choices)
    order = list(AgreementTopic.values)
    return [
        TopicAgreements(topic, str(labels.get(topic, topic)), items)
        for topic, items in sorted(grouped.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
    ]


def signatories_of(convenant: Convenant, today: datetime.date | None = None) -> list[ConvenantSignatory]:
    """The convenant's signatories, each marked `active` when signed and not withdrawn on `today`."""
    today = today or timezone.localdate()
    signatories = list(convenant.signatories.select_related("organisation").order_by("signed_on", "organisation__name"))
    for signatory in signatories:
        signatory.active = signatory.signed_on_day(today)
    return signatories


def meetings_of(convenant: Convenant) -> QuerySet[ConvenantMeeting]:
    """The convenant's meetings, oldest first."""
    return convenant.meetings.order_by("date", "pk")


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting: a planned one, or the date the interval says it should be (`planned` False)."""

    date: datetime.date
    meeting: ConvenantMeeting | None

    @property
    def planned(self) -> bool:
        return self.meeting is not None


def computed_meeting_date(convenant: Convenant, after: datetime.date, today: datetime.date) -> datetime.date:
    """`after` plus the convenant's meeting interval, stepped on by whole intervals until on or after `today`."""
    step = datetime.timedelta(weeks=convenant.meeting_interval_weeks or 6)
    day = after + step
    if day < today:
        day += step * math.ceil((today - day) / step)
    return day


def next_meeting(convenant: Convenant, today: datetime.date | None = None) -> NextMeeting | None:
    """The next planned meeting on or after `today`, else the date one interval after the last meeting.

    None when the convenant has ended before that date.
    """
    today = today or timezone.localdate()
    planned = convenant.meetings.filter(date__gte=today).order_by("date", "pk").first()
    if planned is not None:
        return NextMeeting(planned.date, planned)
    last = convenant.meetings.order_by("-date", "-pk").first()
    day = computed_meeting_date(convenant, last.date if last else convenant.valid_from, today)
    if convenant.valid_until is not None and day > convenant.valid_until:
        return None
    return NextMeeting(day, None)


def agenda(convenant: Convenant, meeting: ConvenantMeeting | None, user=None) -> QuerySet[Signal]:
    """The signals to discuss at `meeting`: every open one and those put on its agenda, oldest first."""
    base = signal_list_visible_to(user) if user is not None else Signal.objects.all()
    wanted = Q(status=SignalStatus.OPEN)
    if meeting is not None:
        wanted |= Q(status=SignalStatus.ON_AGENDA, meeting=meeting)
    return (
        base.filter(convenant=convenant)
        .filter(wanted)
        .select_related("organisation", "raised_by_municipality", "meeting")
        .order_by("raised_on", "pk")
    )


def convenants_signed_by(organisation: Organisation, user, today: datetime.date | None = None) -> list:
    """The organisation's signatures of convenants `user` may see, each marked `active` on `today`."""
    today = today or timezone.localdate()
    visible = Convenant.objects.filter(convenant_scope_q(user)).values("pk")
    signatures = list(
        organisation.convenant_signatures.filter(convenant_id__in=visible)
        .select_related("convenant__region")
        .order_by("convenant__region__name", "signed_on")
    )
    for signature in signatures:
        signature.active = signature.signed_on_day(today)
    return signatures


def open_signals_about(organisation: Organisation, user) -> QuerySet[Signal]:
    """The open signals about the organisation that `user` may see (none for a market party)."""
    return signal_list_visible_to(user).filter(organisation=organisation, status__in=OPEN_SIGNAL_STATUSES)


def convenants_open_for_signals(user, today: datetime.date | None = None) -> QuerySet[Convenant]:
    """The convenants in force on `today` whose signals `user` may see (the choice when raising one)."""
    today = today or timezone.localdate()
    if not may_see_signals(user):
        return Convenant.objects.none()
    return (
        Convenant.objects.filter(_government_convenant_q(scope_of(user)), valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("region")
        .order_by("region__name", "title")
    )


def raising_municipalities(convenants: Iterable[Convenant]) -> QuerySet:
    """The municipalities of the convenants' regions: those a signal may be raised on behalf of."""
    from zicht.geography.models import Municipality

    region_ids = {convenant.region_id for convenant in convenants}
    return Municipality.objects.filter(regions__id__in=region_ids).distinct().order_by("name")
