"""Every role's menu and landing page offer only pages the role may open: each of their links answers 200."""

from __future__ import annotations

import re

import pytest

from zicht.core.roles import SCOPE_OF_ROLE, Role, ScopeKind

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)
MAIN = re.compile(r"<main\b.*?</main>", re.S)
HREF = re.compile(r'href="(/[^"#?]*)[^"]*"')


def _user_for(role, make_user, municipality_a, region, province, housing_provider):
    scope = {
        ScopeKind.MUNICIPALITY: {"scope_municipality": municipality_a},
        ScopeKind.REGION: {"scope_region": region},
        ScopeKind.PROVINCE: {"scope_province": province},
        ScopeKind.ORGANISATION: {"organisation": housing_provider},
        ScopeKind.INSTALLATION: {"is_staff": True},
    }[SCOPE_OF_ROLE[role]]
    return make_user(role, username=f"nav-{role}", **scope)


def links_of(html: str) -> list[str]:
    nav = NAV.search(html)
    assert nav, "the page has no main menu"
    return list(dict.fromkeys(HREF.findall(nav.group(0)) + HREF.findall(MAIN.search(html).group(0))))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_link_of_the_menu_and_landing_page_opens(
    client, role, make_user, municipality_a, region, province, housing_provider
):
    user = _user_for(role, make_user, municipality_a, region, province, housing_provider)
    client.force_login(user)
    landing = client.get("/")
    assert landing.status_code == 200
    links = links_of(landing.content.decode())
    assert len(links) > 3
    refused = {url: client.get(url).status_code for url in links}
    assert {url: status for url, status in refused.items() if status != 200} == {}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.ENFORCEMENT_LAWYER])
def test_roles_that_deliver_no_files_have_no_uploads_in_their_menu(client, role, make_user, municipality_a):
    client.force_login(make_user(role, scope_municipality=municipality_a))
    nav = NAV.search(client.get("/").content.decode()).group(0)
    assert "/bewoning/aanleveringen/" not in nav and "/bewoning/" in nav
