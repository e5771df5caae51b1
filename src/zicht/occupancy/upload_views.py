"""Upload pages (mounted at /bewoning/aanleveringen/): deliver a file, follow its progress, read or download the
errors. The ingest runs in a background thread with its own database connection; the page polls a fragment."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.privacy.logging import redact_person_numbers

from .choices import UploadChannel, UploadKind, UploadStatus
from .ingest import error_report_csv, run_ingest
from .ingest.access import ingest_scope, upload_kinds_for, uploads_visible_to
from .ingest.reading import ACCEPTED_SUFFIXES
from .ingest.validation import COLUMNS
from .models import Upload

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort bestand"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=gettext_lazy("Bestand (CSV, XLSX of JSON, ten hoogste 200 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, UploadKind(kind).label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(_("Kies een CSV-, XLSX- of JSON-bestand."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 200 MB. Splits het in kleinere bestanden."))
        return upload


def _kinds_or_403(user) -> list[str]:
    kinds = upload_kinds_for(user)
    if not kinds:
        raise PermissionDenied
    return kinds


def _ingest_in_background(upload_id: int, path: Path, options: dict, language: str) -> None:
    """Run the ingest; on an unexpected failure mark the upload rejected. Always removes the file."""
    try:
        with translation.override(language):
            upload = Upload.objects.get(pk=upload_id)
            try:
                run_ingest(upload.kind, path, filename=upload.filename, upload=upload, **options)
            except Exception:
                logger.exception("Ingest of upload %s failed", upload_id)
                reason = _("Het verwerken is onverwacht mislukt; er is niets vastgelegd. Probeer het later opnieuw.")
                Upload.objects.filter(pk=upload_id).update(
                    status=UploadStatus.REJECTED,
                    error_count=1,
                    errors=[{"row": 0, "field": "", "reason": reason}],
                    finished_at=timezone.now(),
                )
    finally:
        path.unlink(missing_ok=True)


def _thread_main(*args) -> None:
    try:
        _ingest_in_background(*args)
    finally:
        connection.close()  # the thread's own connection


def _start(upload: Upload, path: Path, options: dict) -> None:
    args = (upload.pk, path, options, translation.get_language() or settings.LANGUAGE_CODE)
    if getattr(settings, "OCCUPANCY_INGEST_SYNC", False):
        _ingest_in_background(*args)
    else:
        threading.Thread(target=_thread_main, args=args, name=f"ingest-{upload.pk}", daemon=True).start()


@login_required
def upload_list(request):
    kinds = _kinds_or_403(request.user)
    page = Paginator(uploads_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "occupancy/upload_list.html", {"uploads": page, "page_obj": page, "kinds": kinds})


@login_required
def upload_new(request):
    kinds = _kinds_or_403(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        delivered = form.cleaned_data["file"]
        suffix = Path(delivered.name).suffix.lower()
        with tempfile.NamedTemporaryFile("wb", suffix=suffix, prefix="zicht-upload-", delete=False) as handle:
            for chunk in delivered.chunks():
                handle.write(chunk)
        options = {"channel": UploadChannel.WEB, "actor": request.user, **ingest_scope(request.user)}
        upload = Upload.objects.create(
            kind=form.cleaned_data["kind"],
            channel=UploadChannel.WEB,
            filename=redact_person_numbers(Path(delivered.name).name)[:255],
            sha256="",
            uploaded_by=request.user,
            organisation=options["organisation"],
        )
        _start(upload, Path(handle.name), options)
        return redirect("occupancy:upload_detail", pk=upload.pk)
    context = {"form": form, "columns": {kind: COLUMNS[kind] for kind in kinds}}
    return render(request, "occupancy/upload_new.html", context)


def _visible_upload(request, pk: int) -> Upload:
    _kinds_or_403(request.user)
    return get_object_or_404(uploads_visible_to(request.user), pk=pk)


@login_required
def upload_detail(request, pk: int):
    upload = _visible_upload(request, pk)
    return render(request, "occupancy/upload_detail.html", {"upload": upload})


@login_required
def upload_status(request, pk: int):
    """The status fragment the detail page polls while the upload runs."""
    upload = _visible_upload(request, pk)
    return render(request, "occupancy/_upload_status.html", {"upload": upload})


@login_required
def upload_errors(request, pk: int):
    upload = _visible_upload(request, pk)
    response = HttpResponse("\ufeff" + error_report_csv(upload), content_type="text/csv; charset=utf-8")
    filename = f"aanlevering-{upload.pk}-fouten.csv"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
