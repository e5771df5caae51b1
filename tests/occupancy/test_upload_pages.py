"""Upload pages: who may deliver what, the progress page, the summary, the error table and its CSV download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zicht.core.roles import Role
from zicht.occupancy.choices import UploadChannel, UploadStatus
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.models import ResidenceEpisode, Upload, UploadChunk

from .ingest_support import (
    BRP_HEADER,
    OCCUPANCY_HEADER,
    bsns,
    committed,
    places_fixture,  # noqa: F401  (the `places` fixture)
)

BSN = bsns(3)
NEW = reverse("occupancy:upload_new")


@pytest.fixture(autouse=True)
def no_refresh(monkeypatch):
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", lambda ids: None)


def csv_file(header: str, rows: list[str], name: str = "lijst.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([header, *rows]) + "\n").encode(), content_type="text/csv")


def deliver(client, kind: str, header: str, rows: list[str], name: str = "lijst.csv"):
    with committed():  # the queued ingest runs on commit (the test settings' immediate task backend)
        return client.post(NEW, {"kind": kind, "file": csv_file(header, rows, name)})


def test_officer_delivers_a_good_file(client, officer_a, places):
    client.force_login(officer_a)
    page = client.get(NEW)
    assert page.status_code == 200 and 'value="brp"' in page.content.decode()
    response = deliver(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,,"])
    upload = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("occupancy:upload_detail", args=[upload.pk])
    assert (upload.status, upload.channel, upload.created) == (UploadStatus.DONE, UploadChannel.WEB, 1)
    assert upload.uploaded_by == officer_a and upload.municipality == places["deventer"]
    detail = client.get(response["Location"]).content.decode()
    assert "Verwerkt: 1 rij" in detail and "hx-trigger" not in detail
    listing = client.get(reverse("occupancy:upload_list")).content.decode()
    assert "lijst.csv" in listing


def test_rejected_file_shows_every_error_and_offers_the_csv(client, officer_a, places):
    client.force_login(officer_a)
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", "123456789,D-1,2025-01-01,,,,", f"{BSN[1]},Z-1,2025-01-01,,,,"]
    response = deliver(client, "occupancy", OCCUPANCY_HEADER, rows)
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.REJECTED and not ResidenceEpisode.objects.exists()
    detail = client.get(response["Location"]).content.decode()
    assert "2 fouten, er is niets vastgelegd" in detail
    assert "<code>bsn</code>" in detail and "123456789" not in detail
    assert "buiten uw bevoegdheid" in detail  # Z-1 lies in Zwolle
    download = client.get(reverse("occupancy:upload_errors", args=[upload.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Rij,Kolom,Reden" and lines[1].startswith("3,bsn,") and lines[2].startswith("4,location_ref,")


def test_running_upload_polls_its_status(client, officer_a, places):
    upload = Upload.objects.create(
        kind="occupancy",
        channel="web",
        filename="groot.csv",
        sha256="",
        uploaded_by=officer_a,
        rows_total=20000,
        rows_done=5000,
    )
    client.force_login(officer_a)
    detail = client.get(reverse("occupancy:upload_detail", args=[upload.pk])).content.decode()
    status_url = reverse("occupancy:upload_status", args=[upload.pk])
    assert f'hx-get="{status_url}"' in detail and 'hx-trigger="every 1s"' in detail
    assert '<progress id="upload-progress" max="20000" value="5000">' in detail
    assert "django_htmx/htmx-2.min.js" in detail and "<script>" not in detail
    fragment = client.get(status_url).content.decode()
    assert fragment.lstrip().startswith('<div id="upload-status"') and "<html" not in fragment


def test_upload_from_the_command_line_is_listed_without_an_uploader(client, officer_a, places):
    # `zicht import occupancy FILE` records neither a user nor an organisation.
    Upload.objects.create(
        kind="occupancy",
        channel=UploadChannel.CLI,
        filename="opdrachtregel.csv",
        sha256="",
        municipality=places["deventer"],
        status=UploadStatus.DONE,
    )
    client.force_login(officer_a)
    response = client.get(reverse("occupancy:upload_list"))
    assert response.status_code == 200
    row = response.content.decode().split("opdrachtregel.csv", 1)[1].split("</tr>", 1)[0]
    assert "<td>opdrachtregel</td>" in row


def test_market_party_delivers_occupancy_for_its_own_locations_only(client, market_party_user, places):
    client.force_login(market_party_user)
    page = client.get(NEW).content.decode()
    assert 'value="occupancy"' in page and 'value="brp"' not in page
    refused = deliver(client, "brp", BRP_HEADER, [f"{BSN[0]},rni,,,,2025-01-01,"])
    assert refused.status_code == 200 and not Upload.objects.exists()  # not a choice for a market party
    deliver(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-2,2025-01-01,,,,"])
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.REJECTED and upload.errors[0]["field"] == "location_ref"
    deliver(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,,,"])
    assert Upload.objects.filter(status=UploadStatus.DONE, organisation=places["provider"]).count() == 1


def test_brp_outside_own_municipality_rejected(client, registration_officer_a, places):
    client.force_login(registration_officer_a)
    deliver(client, "brp", BRP_HEADER, [f"{BSN[0]},resident,GM0193,,,2025-01-01,"])
    assert Upload.objects.get().errors[0]["field"] == "municipality"


def test_uploads_of_others_are_not_visible(client, officer_a, officer_b, market_party_user, places):
    client.force_login(officer_b)
    deliver(client, "brp", BRP_HEADER, [f"{BSN[0]},resident,GM0193,,,2025-01-01,"])
    upload = Upload.objects.get()
    client.force_login(officer_a)
    assert client.get(reverse("occupancy:upload_detail", args=[upload.pk])).status_code == 404
    assert client.get(reverse("occupancy:upload_errors", args=[upload.pk])).status_code == 404
    assert "lijst.csv" not in client.get(reverse("occupancy:upload_list")).content.decode()
    client.force_login(market_party_user)
    assert client.get(reverse("occupancy:upload_detail", args=[upload.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.PROVINCE_DIRECTOR, Role.INSPECTOR])
def test_roles_without_uploads_are_refused(client, make_user, municipality_a, province, role):
    user = make_user(role, scope_municipality=municipality_a, scope_province=province)
    client.force_login(user)
    assert client.get(NEW).status_code == 403
    assert client.get(reverse("occupancy:upload_list")).status_code == 403


def test_wrong_file_type_is_refused_by_the_form(client, administrator, places):
    client.force_login(administrator)
    response = client.post(NEW, {"kind": "occupancy", "file": SimpleUploadedFile("lijst.pdf", b"%PDF")})
    assert response.status_code == 200 and "CSV-, XLSX- of JSON-bestand" in response.content.decode()
    assert not Upload.objects.exists()


def test_upload_is_queued_until_its_task_runs(client, officer_a, places):
    """Without a commit the task is not enqueued: the page shows the queue and keeps polling."""
    client.force_login(officer_a)
    response = client.post(
        NEW, {"kind": "occupancy", "file": csv_file(OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,,"])}
    )
    upload = Upload.objects.get()
    assert (upload.status, upload.created) == (UploadStatus.QUEUED, 0)
    assert upload.chunks.exists() and BSN[0].encode() not in b"".join(bytes(c.data) for c in upload.chunks.all())
    detail = client.get(response["Location"]).content.decode()
    assert "In de wachtrij" in detail and 'hx-trigger="every 1s"' in detail


def test_the_task_removes_the_stored_file_in_every_outcome(client, officer_a, places):
    client.force_login(officer_a)
    deliver(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,,"])
    deliver(client, "occupancy", OCCUPANCY_HEADER, ["123456789,D-1,2025-01-01,,GM0150,,"])
    assert sorted(Upload.objects.values_list("status", flat=True)) == [UploadStatus.DONE, UploadStatus.REJECTED]
    assert not UploadChunk.objects.exists()
    assert all(upload.task_id for upload in Upload.objects.all())


def test_unexpected_failure_ends_failed_and_offers_to_send_again(client, officer_a, places, monkeypatch):
    from zicht.occupancy import tasks

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "run_ingest", broken)
    client.force_login(officer_a)
    response = deliver(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,,"])
    upload = Upload.objects.get()
    assert (upload.status, upload.failure) == (UploadStatus.FAILED, "error")
    assert not UploadChunk.objects.exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Mislukt" in detail and reverse("occupancy:upload_new") in detail and "hx-trigger" not in detail


def test_file_over_the_limit_is_refused_with_the_reason(client, officer_a, places, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(officer_a)
    page = client.get(NEW).content.decode()
    assert "ten hoogste 1 kB" in page
    rows = [f"{BSN[0]},D-1,2025-01-01,,GM0150,,"] * 10
    response = deliver(client, "occupancy", OCCUPANCY_HEADER, rows)
    assert response.status_code == 200 and "Het bestand is groter dan" in response.content.decode()
    assert not Upload.objects.exists()


def test_request_over_the_limit_is_refused_before_the_form(client, officer_a, places, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(officer_a)
    response = client.post(NEW, {"kind": "occupancy"}, CONTENT_LENGTH=str(200 * 1024))
    assert response.status_code == 413 and "Het bestand is groter dan" in response.content.decode()
    assert not Upload.objects.exists()
