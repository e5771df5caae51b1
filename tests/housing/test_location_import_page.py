"""The location upload page: the same all-or-nothing import, limited to the officer's own municipality."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zicht.core.models import AuditAction, AuditEvent
from zicht.housing import import_views, services
from zicht.housing.choices import LocationForm, LocationStatus, StayType
from zicht.housing.models import Location

HEADER = (
    "ref,name,municipality,postcode,house_number,house_number_addition,lat,lon,form,stay_type,status,"
    "capacity_beds,bedrooms,floor_area_m2,toilets,showers,operator_kvk"
)
LINDE = "DV-001,Logies De Linde,GM0150,7411 AB,12,,52.2551,6.1639,holiday_park,mid,in_use,10,10,200,2,2,"
ZON = "DV-002,Hotel De Zon,GM0150,7411 AB,14,,,,hotel,short,permitted,10,5,100,2,2,"
ZWOLLE = "ZW-001,Werf Zwolle,GM0193,,,,,,employer_premises,long,initiative,8,,,,,"
URL = reverse("housing:location_import")


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def upload(client, user, lines: list[str], name: str = "locaties.csv", content: bytes | None = None):
    client.force_login(user)
    data = content if content is not None else ("\n".join(lines) + "\n").encode()
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_officer_sees_the_form_and_the_columns(client, officer_a):
    client.force_login(officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert HEADER.replace(",", ",<wbr>") in page
    assert reverse("housing:location_import_template") in page
    assert "style=" not in page and "<script>" not in page  # the CSP allows neither


def test_officer_imports_a_good_file(client, officer_a, municipality_a):
    response = upload(client, officer_a, [HEADER, LINDE, ZON])
    assert response.status_code == 200
    page = response.content.decode()
    assert "locaties.csv is geïmporteerd" in page
    figures = response.context["report"]
    assert (figures.created, figures.updated, figures.unchanged) == (2, 0, 0)
    assert "<dd>2</dd>" in page
    assert reverse("housing:location_list") in page
    assert set(Location.objects.values_list("ref", flat=True)) == {"DV-001", "DV-002"}
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.actor, event.municipality_id) == (officer_a, municipality_a.pk)
    # Created by the officer: the status history says who.
    assert Location.objects.get(ref="DV-001").status_history.get().recorded_by == officer_a
    again = upload(client, officer_a, [HEADER, LINDE, ZON]).context["report"]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_officer_imports_an_xlsx_file(client, registration_officer_a, municipality_a):
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(LINDE.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, registration_officer_a, [], name="locaties.xlsx", content=buffer.getvalue())
    assert response.context["report"].created == 1


def test_bad_file_shows_every_error_in_dutch_and_imports_nothing(client, officer_a, municipality_a):
    bad = LINDE.replace("7411 AB", "7411").replace("holiday_park", "tent").replace(",10,10,", ",-3,10,")
    response = upload(client, officer_a, [HEADER, ZON, bad, ZON])
    assert response.status_code == 200
    page = response.content.decode()
    assert not Location.objects.exists()
    errors = [(error.row, error.field, error.reason) for error in response.context["errors"]]
    assert [(row, field) for row, field, _reason in errors] == [
        (3, "postcode"),
        (3, "form"),
        (3, "capacity_beds"),
        (4, "ref"),
    ]
    assert "4 fouten, er is niets geïmporteerd" in page
    for text in (
        "&#x27;7411&#x27; is geen postcode",
        "Onbekende vorm &#x27;tent&#x27;; kies uit:",
        "-3 is negatief",
        "Dubbel: referentie DV-002 staat ook op rij 2",
    ):
        assert text in page, text
    download = client.get(reverse("housing:location_import_errors"))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Rij", "Kolom", "Reden"]
    assert [row[:2] for row in rows[1:]] == [["3", "postcode"], ["3", "form"], ["3", "capacity_beds"], ["4", "ref"]]


def test_wrong_header_is_one_file_level_error(client, officer_a, municipality_a):
    response = upload(client, officer_a, [HEADER.replace("capacity_beds", "beds"), LINDE])
    [error] = response.context["errors"]
    assert error.row == 1 and "Verkeerde kopregel" in error.reason and "capacity_beds" in error.reason


def test_error_download_without_a_failed_import_is_404(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("housing:location_import_errors")).status_code == 404


def test_another_municipality_is_out_of_bounds(client, officer_a, municipality_a, municipality_b):
    response = upload(client, officer_a, [HEADER, LINDE, ZWOLLE])
    [error] = response.context["errors"]
    assert (error.row, error.field) == (3, "municipality")
    assert "Zwolle (GM0193) ligt buiten uw gemeente" in error.reason
    assert not Location.objects.exists()


def test_a_ref_of_another_municipality_cannot_be_taken_over(client, officer_a, municipality_a, municipality_b):
    data = {
        "ref": "DV-001",
        "name": "Zwolse locatie",
        "municipality": municipality_b,
        "form": LocationForm.HOTEL,
        "stay_type": StayType.SHORT,
        "status": LocationStatus.IN_USE,
        "status_since": datetime.date(2024, 1, 1),
        "capacity_beds": 4,
    }
    services.location_create(by=None, data=data, check=False)
    response = upload(client, officer_a, [HEADER, LINDE])
    [error] = response.context["errors"]
    assert (error.row, error.field) == (2, "ref") and "Zwolle, buiten uw gemeente" in error.reason
    assert Location.objects.get(ref="DV-001").municipality == municipality_b


def test_administrator_imports_any_municipality(client, administrator, municipality_a, municipality_b):
    response = upload(client, administrator, [HEADER, LINDE, ZWOLLE])
    assert response.context["report"].created == 2


def test_file_over_the_limit_is_refused(client, officer_a, municipality_a, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_UPLOAD_BYTES", 100)
    response = upload(client, officer_a, [HEADER, LINDE])
    message = response.context["form"].errors["file"][0]
    assert message.startswith("Het bestand is 0,1 MB; de grens is 0 MB")
    assert message in response.content.decode()
    assert not Location.objects.exists()


def test_the_ten_megabyte_limit_is_named(client, officer_a, municipality_a):
    response = upload(client, officer_a, [], content=b"x" * (10 * 1024 * 1024 + 1))
    assert "Het bestand is 10,1 MB; de grens is 10 MB" in response.context["form"].errors["file"][0]


def test_other_file_types_and_unreadable_files(client, officer_a):
    assert (
        "CSV- of XLSX" in upload(client, officer_a, [], name="a.pdf", content=b"%PDF").context["form"].errors["file"][0]
    )
    broken = upload(client, officer_a, [], name="a.xlsx", content=b"not a workbook")
    assert "niet te lezen" in broken.context["form"].errors["file"][0]


@pytest.mark.parametrize("who", ["market_party_user", "province_director", "regional_coordinator"])
def test_others_get_403(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": SimpleUploadedFile("a.csv", HEADER.encode())}).status_code == 403
    assert client.get(reverse("housing:location_import_template")).status_code == 403
    assert not Location.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_template_has_the_exact_header_and_imports_cleanly(client, officer_b, municipality_b):
    client.force_login(officer_b)
    response = client.get(reverse("housing:location_import_template"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER and len(lines) == 2
    assert lines[1].split(",")[2] == "GM0193"  # the officer's own municipality
    imported = upload(client, officer_b, lines)
    assert imported.context["report"].created == 1
