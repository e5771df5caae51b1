"""The site's icon: linked from every page and answered at /favicon.ico, where browsers look without a link."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[0][1] == 301
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(response.streaming_content if response.streaming else [response.content])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/inloggen/", "/melden/"])
def test_pages_link_the_icon(client, url):
    html = client.get(url).content.decode()
    assert '<link rel="icon" href="/static/zicht/favicon.svg" type="image/svg+xml">' in html
