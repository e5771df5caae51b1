"""Who may see and handle reports, answered from scope and role.

Reports are the municipality's: its municipal roles see and handle them (DOMAIN §3.5). Region and province see the
dashboard's aggregates only (small numbers suppressed); market parties see no reports.
"""

from __future__ import annotations

import rules

from zicht.core.roles import MUNICIPAL_ROLES, ScopeKind
from zicht.core.scopes import scope_of


def _is_administrator(user) -> bool:
    # Superusers and the administrator role both work at installation scope.
    return scope_of(user).kind == ScopeKind.INSTALLATION


@rules.predicate
def may_handle_reports_of(user, municipality_id: int | None) -> bool:
    """Municipal staff of the municipality (and administrators) read, take in and handle its reports."""
    if municipality_id is None:
        return False
    if _is_administrator(user):
        return True
    scope = scope_of(user)
    return (
        scope.kind == ScopeKind.MUNICIPALITY
        and user.role in MUNICIPAL_ROLES
        and scope.municipality_id == municipality_id
    )


@rules.predicate
def may_handle_report(user, report) -> bool:
    return report is not None and may_handle_reports_of(user, report.municipality_id)


@rules.predicate
def may_take_in_reports(user) -> bool:
    """Staff intake: a municipal role, for its own municipality."""
    scope = scope_of(user)
    return _is_administrator(user) or (scope.kind == ScopeKind.MUNICIPALITY and user.role in MUNICIPAL_ROLES)


@rules.predicate
def may_see_report_stats(user) -> bool:
    """The dashboard: municipal staff for their municipality, region and province for their area, administrators."""
    kind = scope_of(user).kind
    if kind == ScopeKind.MUNICIPALITY:
        return user.role in MUNICIPAL_ROLES
    return kind in {ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION}


rules.add_perm("reports.handle_report", may_handle_report)
rules.add_perm("reports.take_in_reports", may_take_in_reports)
rules.add_perm("reports.view_report_stats", may_see_report_stats)
