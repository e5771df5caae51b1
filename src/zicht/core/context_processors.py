"""Navigation of the staff application, by role."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .roles import ScopeKind

# (url name, label, scope kinds that see it). Later apps add their entries here. Where the scope kind alone does
# not decide, PREDICATES names the app's own check, so that the menu never offers a page that answers 403.
NAVIGATION = [
    ("dashboard", _("Overzicht"), None),
    ("geography:municipality_list", _("Gemeenten"), None),
    (
        "geography:address_list",
        _("Adressen"),
        {ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION},
    ),
    ("housing:location_list", _("Locaties"), None),
    (
        "housing:supply",
        _("Aanbod"),
        {ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION},
    ),
    (
        "occupancy:dashboard",
        _("Bewoning"),
        {ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION},
    ),
    (
        "occupancy:upload_list",
        _("Aanleveringen"),
        {ScopeKind.MUNICIPALITY, ScopeKind.ORGANISATION, ScopeKind.INSTALLATION},
    ),
    ("occupancy:block_list", _("Blokinschrijving"), None),
    ("reports:report_list", _("Meldingen"), {ScopeKind.MUNICIPALITY, ScopeKind.INSTALLATION}),
    (
        "reports:dashboard",
        _("Dashboard meldingen"),
        {ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION},
    ),
    (
        "neighbourhoods:neighbourhood_list",
        _("Wijken"),
        {ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION},
    ),
    ("parties:organisation_list", _("Organisaties"), None),
    (
        "parties:convenant_list",
        _("Convenant"),
        {ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION},
    ),
    ("api-docs", _("API"), None),
]
# Dotted paths, imported on use: core must not import the apps at start-up.
PREDICATES = {
    "occupancy:upload_list": "zicht.occupancy.ingest.access.upload_kinds_for",
}


def _may_open(name: str, user) -> bool:
    predicate = PREDICATES.get(name)
    return predicate is None or bool(import_string(predicate)(user))


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    kind = user.scope_kind
    items = []
    for name, label, kinds in NAVIGATION:
        if kinds is not None and kind not in kinds:
            continue
        if not _may_open(name, user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url))}
        )
    return {"navigation": items}
