"""The public report pages: the form, the tracking code shown once, no client address kept, flood limit, tracking."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django.utils.html import strip_tags
from PIL import ExifTags, Image

from zicht.core.models import AuditEvent
from zicht.reports import rules, services
from zicht.reports.choices import Channel, ReporterKind, ReportStatus
from zicht.reports.models import Report, ReportPhoto

from .intake_support import (  # noqa: F401 - the *_fixture imports register the fixtures
    clean_rate_limit_fixture,
    deventer_fixture,
    media_root_fixture,
)

pytestmark = pytest.mark.django_db

CLIENT_ADDRESS = "203.0.113.7"
DESCRIPTION = "Er staan al een week vuilniszakken naast de container op de Brink."


class _Codes:
    """Tracking codes in a page's text: the page writes each group of a code in its own element."""

    pattern = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}\b")

    def search(self, html: str):
        return self.pattern.search(strip_tags(html))

    def findall(self, html: str) -> list[str]:
        return self.pattern.findall(strip_tags(html))


CODE_RE = _Codes()


@pytest.fixture
def form_url():
    return reverse("reports_public:report_form")


@pytest.fixture
def track_url():
    return reverse("reports_public:track")


def good_data(**overrides) -> dict:
    data = {
        "category": "waste",
        "description": DESCRIPTION,
        "postcode": "7411 BR",
        "house_number": "10",
        "reporter_kind": ReporterKind.RESIDENT,
    }
    data.update(overrides)
    return data


def post_report(client, url, data, **extra):
    return client.post(url, data, REMOTE_ADDR=CLIENT_ADDRESS, **extra)


def test_form_shows_the_categories_and_no_staff_navigation(client, form_url, deventer):
    response = client.get(form_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="radio" name="category" value="waste"' in html
    assert "Geluidsoverlast" in html and "Uitbuiting of misstand" in html
    for name in ("postcode", "house_number", "lat", "lon", "municipality", "contact_email", "anonymous"):
        assert f'name="{name}"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert '<option value="GM0150">Deventer</option>' in html
    assert 'lang="pl">Polski</option>' in html
    assert "Uitloggen" not in html and "site-nav" not in html
    # CSP: every script from a file, no inline style or handler.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and " onclick=" not in html
    assert "report_point_picker.js" in html


def test_good_report_shows_the_code_once_and_stores_only_its_digest(client, form_url, deventer):
    response = post_report(client, form_url, good_data(reporter_kind=ReporterKind.MIGRANT))
    assert response.status_code == 200 and not response.has_header("Location")  # rendered, never redirected
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    codes = CODE_RE.findall(html)
    assert len(codes) == 1
    code = codes[0]
    report = Report.objects.get()
    assert report.tracking_digest == rules.tracking_digest(code)
    stored = " ".join(str(value) for value in Report.objects.values().get().values())
    assert code not in stored and rules.normalise_tracking_code(code) not in stored
    assert report.channel == Channel.WEB and report.reporter_kind == ReporterKind.MIGRANT
    assert report.address == deventer["brink"] and report.neighbourhood == deventer["neighbourhood"]
    assert report.created_by is None
    assert code not in str(dict(client.session))
    # The next page (the tracking page) does not show it again.
    assert code not in client.get(reverse("reports_public:track")).content.decode()


def test_anonymous_report_keeps_no_contact_and_no_client_address(client, form_url, deventer, settings):
    settings.BEHIND_PROXY = True
    events_before = AuditEvent.objects.count()
    response = post_report(client, form_url, good_data(anonymous="on"), HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.anonymous is True
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")
    assert not AuditEvent.objects.filter(client_address__isnull=False).exists()
    assert AuditEvent.objects.count() == events_before
    everything = " ".join(str(value) for value in Report.objects.values().get().values())
    assert CLIENT_ADDRESS not in everything and "198.51.100.4" not in everything
    # The flood limit knows the client only by a keyed hash, and only in the cache.
    keys = " ".join(str(key) for key in caches["default"]._cache)
    assert CLIENT_ADDRESS not in keys and "198.51.100.4" not in keys


def test_report_with_contact_is_not_anonymous(client, form_url, deventer):
    data = good_data(contact_name="Jan Jansen", contact_email="jan@example.org", contact_phone="06 12345678")
    post_report(client, form_url, data)
    report = Report.objects.get()
    assert report.anonymous is False
    assert (report.contact_name, report.contact_email, report.contact_phone) == (
        "Jan Jansen",
        "jan@example.org",
        "06 12345678",
    )


def test_anonymous_with_contact_details_is_questioned(client, form_url, deventer):
    response = post_report(client, form_url, good_data(anonymous="on", contact_email="jan@example.org"))
    assert "U meldt anoniem" in response.content.decode()
    assert not Report.objects.exists()


def test_photo_is_stored_without_its_gps(client, form_url, deventer, media_root):
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (52.0, 15.0, 18.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), (0, 90, 0)).save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "IMG_2024.jpg"
    response = post_report(client, form_url, {**good_data(), "photos": [buffer]})
    assert response.status_code == 200 and CODE_RE.search(response.content.decode())
    photo = ReportPhoto.objects.get()
    content = photo.image.read()
    assert b"Exif" not in content and not Image.open(io.BytesIO(content)).getexif()
    assert "IMG_2024" not in photo.image.name
    assert str(photo.image.path).startswith(str(media_root))


def test_bad_photo_is_refused_and_nothing_is_stored(client, form_url, deventer, media_root):
    fake = io.BytesIO(b"this is not a photo")
    fake.name = "foto.jpg"
    response = post_report(client, form_url, {**good_data(), "photos": [fake]})
    html = response.content.decode()
    assert "foto.jpg: Dit bestand is geen foto" in html
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_bad_input_keeps_what_was_typed_and_explains_in_dutch(client, form_url, deventer):
    data = good_data(category="", description="kort", contact_name="Piet", house_number="99")
    response = post_report(client, form_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Controleer de invoer" in html  # the summary at the top
    assert "Kies een categorie uit de lijst." in html
    assert "Beschrijf wat er aan de hand is in minstens 10 tekens." in html
    assert 'value="7411 BR"' in html and 'value="99"' in html and 'value="Piet"' in html
    assert ">\nkort</textarea>" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_description_helptext id_description_error"' in html
    assert not Report.objects.exists()


def test_point_outside_the_netherlands_is_explained(client, form_url, deventer):
    response = post_report(client, form_url, good_data(postcode="", house_number="", lat="48.85", lon="2.35"))
    assert "Het punt ligt niet in Nederland." in response.content.decode()
    assert not Report.objects.exists()


def test_report_by_a_point_with_a_comma(client, form_url, deventer):
    response = post_report(client, form_url, good_data(postcode="", house_number="", lat="52,2552", lon="6,1640"))
    assert CODE_RE.search(response.content.decode())
    report = Report.objects.get()
    assert report.neighbourhood == deventer["neighbourhood"] and report.address is None
    assert str(report.lat) == "52.255200"


def test_errors_in_english_with_the_language_cookie(client, form_url, deventer):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_report(client, form_url, good_data(postcode="74", house_number="10"))
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Please check your input" in html
    assert "A postcode is 4 digits and 2 letters, such as 7411 AB." in html
    assert "Een postcode is" not in html


def test_language_switch_through_i18n(client, form_url, deventer):
    response = client.post(reverse("set_language"), {"language": "en", "next": form_url})
    assert response.status_code == 302
    html = client.get(form_url).content.decode()
    assert '<html lang="en"' in html and "Skip to main content" in html


def test_flood_from_one_client_is_stopped_with_429(client, form_url, deventer, settings):
    settings.REPORTS_PUBLIC_RATE = "2/hour"
    for _ in range(2):
        assert CODE_RE.search(post_report(client, form_url, good_data()).content.decode())
    response = post_report(client, form_url, good_data())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Te veel meldingen" in response.content.decode()
    assert Report.objects.count() == 2
    # Another client has its own budget; the form itself can still be read.
    assert client.post(form_url, good_data(), REMOTE_ADDR="203.0.113.8").status_code == 200
    assert client.get(form_url, REMOTE_ADDR=CLIENT_ADDRESS).status_code == 200


def test_tracking_shows_status_steps_and_message_but_nothing_personal(client, form_url, track_url, deventer, officer_a):
    data = good_data(contact_name="Jan Jansen", contact_email="jan@example.org")
    code = CODE_RE.search(post_report(client, form_url, data).content.decode()).group(0)
    report = Report.objects.get()
    services.report_transition(
        report=report,
        to_status=ReportStatus.IN_PROGRESS,
        by=officer_a,
        reason="Intern: handhaver langs",
        public_message="We gaan er deze week naar kijken.",
    )

    response = client.post(track_url, {"code": code.lower().replace("-", " ")})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "In behandeling" in html and "Gemeld" in html
    assert "Afval naast containers" in html
    assert "We gaan er deze week naar kijken." in html
    for private in (DESCRIPTION, "Jan Jansen", "jan@example.org", "Brink", "Intern: handhaver", "officer_a"):
        assert private not in html
    assert code not in html


def test_unknown_and_malformed_codes_get_the_same_answer(client, track_url, deventer):
    message = "We vinden geen melding met deze volgcode."
    unknown = client.post(track_url, {"code": rules.new_tracking_code()})
    malformed = client.post(track_url, {"code": "abc"})
    for response in (unknown, malformed):
        assert response.status_code == 200 and message in response.content.decode()


def test_a_code_in_the_url_is_ignored(client, form_url, track_url, deventer):
    code = CODE_RE.search(post_report(client, form_url, good_data()).content.decode()).group(0)
    html = client.get(f"{track_url}?code={code}").content.decode()
    assert "Status van uw melding" not in html
