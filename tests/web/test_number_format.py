"""Numbers read the same on every page: "22.892", never "22892"."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from tests.housing.factories import LocationFactory
from zicht.housing.choices import LocationStatus
from zicht.occupancy.choices import UploadChannel, UploadStatus
from zicht.occupancy.models import Upload


@pytest.mark.django_db
def test_supply_page_groups_thousands(page, officer_a, municipality_a):
    LocationFactory(municipality=municipality_a, status=LocationStatus.IN_USE, capacity_beds=22892)
    html = unescape(page(reverse("housing:supply"), officer_a).content.decode())
    assert "22.892" in html and "22892" not in html


@pytest.mark.django_db
def test_location_list_groups_thousands(page, officer_a, municipality_a):
    LocationFactory(municipality=municipality_a, status=LocationStatus.IN_USE, capacity_beds=1250)
    html = page(reverse("housing:location_list"), officer_a).content.decode()
    assert '<td class="num">1.250</td>' in html


@pytest.mark.django_db
def test_occupancy_uploads_group_thousands(page, officer_a, municipality_a):
    Upload.objects.create(
        kind="occupancy",
        channel=UploadChannel.WEB,
        filename="bewoners.csv",
        sha256="",
        uploaded_by=officer_a,
        municipality=municipality_a,
        status=UploadStatus.DONE,
        rows_total=21204,
        created=21204,
    )
    html = page(reverse("occupancy:upload_list"), officer_a).content.decode()
    assert '<td class="num">21.204</td>' in html and "21204" not in html
